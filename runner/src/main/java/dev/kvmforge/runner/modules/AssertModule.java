package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.util.List;
import java.util.Map;

/** {@code assert}: fails the task when a condition is false. Changes nothing. */
public final class AssertModule implements ReadOnlyModule<AssertModule.Params> {

    /**
     * @param that       one condition or a list, as {@code when} takes them
     * @param failMsg    message when a condition is false
     * @param successMsg message when all hold
     * @param quiet      print less on success
     */
    public record Params(Object that, @JsonAlias("msg") String failMsg, String successMsg, Boolean quiet) {
        public Params {
            if (that == null) {
                throw new IllegalArgumentException("'that' is required: the condition(s) to check");
            }
        }
    }

    @Override
    public String name() {
        return "assert";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public ModuleResult read(ModuleContext context, Params p) {
        List<?> conditions = p.that() instanceof List<?> l ? l : List.of(p.that());
        for (Object c : conditions) {
            if (!context.templar().isTrue(c, context.vars())) {
                String msg = p.failMsg() != null ? p.failMsg() : "Assertion failed: " + c;
                return ModuleResult.failed(msg, ModuleResult.valuesInOrder("assertion", String.valueOf(c),
                        "evaluated_to", false));
            }
        }
        return ModuleResult.ok(p.successMsg() != null ? p.successMsg() : "All assertions passed", Map.of());
    }
}
