package dev.kvmforge.runner.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;

/** One test ({@code x is NAME(args)}): its name and what it says of a value and its {@link Arguments}. */
record NamedTest(String name, Body body) implements ExpTest {

    /** What a test says. */
    @FunctionalInterface
    interface Body {
        boolean test(Object value, Arguments args);
    }

    @Override
    public String getName() {
        return name;
    }

    /**
     * Jinjava parses {@code x is version('1.9', '>')} as one argument, the tuple {@code ('1.9', '>')}, and drops the
     * names of named arguments: the tuple is spread back into positional arguments, so these tests take their
     * arguments by position ({@code version('8', 'lt')}; {@code operator='lt'} works only where it is the second).
     */
    @Override
    public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
        Object[] spread = args.length == 1 && args[0] instanceof java.util.List<?> tuple ? tuple.toArray() : args;
        return body.test(var, Arguments.of(spread, null));
    }
}
