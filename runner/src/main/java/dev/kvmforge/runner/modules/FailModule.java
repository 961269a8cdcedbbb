package dev.kvmforge.runner.modules;

import java.util.Map;

/** {@code fail}: fails the task with a message (usually under a {@code when}). */
public final class FailModule implements ReadOnlyModule<FailModule.Params> {

    /** @param msg the message (default "Failed as requested from task"); a list stays a list, as in Ansible */
    public record Params(Object msg) {
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
        if (p.msg() == null) {
            return ModuleResult.failed("Failed as requested from task", Map.of());
        }
        if (p.msg() instanceof java.util.Collection<?> lines) {
            return ModuleResult.failed(String.join("\n", lines.stream().map(String::valueOf).toList()),
                    Map.of("msg", java.util.List.copyOf(lines)));
        }
        return ModuleResult.failed(String.valueOf(p.msg()), Map.of());
    }
}
