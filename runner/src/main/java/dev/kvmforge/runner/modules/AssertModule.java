package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.util.List;
import java.util.Map;

/** {@code assert}: fails the task when a condition is false. Changes nothing. */
public final class AssertModule implements Module<AssertModule.Params> {

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
    public boolean readOnly() {
        return true;
    }

    @Override
    public Plan plan(ModuleContext context, Params p) {
        return Plan.none();
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        return planned(context, p, plan);
    }

    @Override
    public ModuleResult planned(ModuleContext context, Params p, Plan plan) {
        List<?> conditions = p.that() instanceof List<?> l ? l : List.of(p.that());
        for (Object c : conditions) {
            if (!context.templar().isTrue(c, context.vars())) {
                String msg = p.failMsg() != null ? p.failMsg() : "Assertion failed: " + c;
                return ModuleResult.failed(msg, Map.of("assertion", String.valueOf(c), "evaluated_to", false));
            }
        }
        return ModuleResult.ok(p.successMsg() != null ? p.successMsg() : "All assertions passed", Map.of());
    }
}
