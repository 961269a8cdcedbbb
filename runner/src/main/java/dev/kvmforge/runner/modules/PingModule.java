package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.util.Map;

/** {@code ping}: the host can be reached and runs a command; answers {@code ping: pong} (or {@code data}). */
public final class PingModule implements ReadOnlyModule<PingModule.Params> {

    /** @param data what to answer with; {@code crash} fails, as Ansible's does */
    public record Params(String data) {
    }

    @Override
    public String name() {
        return "ping";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public ModuleResult read(ModuleContext context, Params p) {
        if ("crash".equals(p.data())) {
            throw new KvmforgeException(ErrorKind.TASK, "boom: ping was asked to fail (data: crash)", null, null);
        }
        context.host().check("true");
        return ModuleResult.ok(Map.of("ping", p.data() == null ? "pong" : p.data()));
    }
}
