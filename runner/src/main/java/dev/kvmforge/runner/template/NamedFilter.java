package dev.kvmforge.runner.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.Map;

/**
 * One filter: its name and what it does with a value and its {@link Arguments}. An undefined value is an error before
 * the filter sees it, unless the filter {@code looksAtUndefined} ({@code default}, {@code mandatory}).
 */
record NamedFilter(String name, boolean looksAtUndefined, Body body) implements Filter {

    /** What a filter does. */
    @FunctionalInterface
    interface Body {
        Object apply(Object value, Arguments args);
    }

    static NamedFilter of(String name, Body body) {
        return new NamedFilter(name, false, body);
    }

    static NamedFilter lookingAtUndefined(String name, Body body) {
        return new NamedFilter(name, true, body);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        return filter(var, interpreter, args, Map.of());
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        if (var instanceof Undefined u && !looksAtUndefined) {
            throw u.error();
        }
        return body.apply(var, Arguments.of(args, kwargs));
    }
}
