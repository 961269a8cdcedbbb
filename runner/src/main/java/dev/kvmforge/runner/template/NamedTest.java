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

    @Override
    public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
        return body.test(var, Arguments.of(args, null));
    }
}
