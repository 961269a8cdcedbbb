package dev.kvmforge.runner.modules;

import java.util.Map;

/** {@code fail}: fails the task with a message (usually under a {@code when}). */
public final class FailModule implements ReadOnlyModule<FailModule.Params> {

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
    public ModuleResult read(ModuleContext context, Params p) {
        return ModuleResult.failed(p.msg() == null ? "Failed as requested from task" : p.msg(), Map.of());
    }
}
