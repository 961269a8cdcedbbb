package dev.kvmforge.runner.modules;

import java.util.Map;

/** {@code fail}: fails the task with a message (usually under a {@code when}). */
public final class FailModule implements Module<FailModule.Params> {

    /** @param msg the message (default "Failed as requested from task") */
    public record Params(String msg) {
    }

    @Override
    public String name() {
        return "fail";
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
        return ModuleResult.failed(p.msg() == null ? "Failed as requested from task" : p.msg(), Map.of());
    }
}
