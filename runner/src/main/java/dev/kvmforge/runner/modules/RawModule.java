package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code raw}: the text as the login shell runs it (or {@code executable -c TEXT}), nothing else on the host needed:
 * what brings up a host that has nothing yet. Always {@code changed}; a non-zero exit fails. Ansible cannot say what
 * it would do, so in check mode it is skipped.
 */
public final class RawModule implements Module<RawModule.Params> {

    /**
     * @param cmd        the shell text (the free-form text)
     * @param executable the shell to run it with instead of the login one, such as {@code /bin/bash}
     */
    public record Params(@JsonAlias("_raw_params") String cmd, String executable) {
        public Params {
            if (cmd == null || cmd.isBlank()) {
                throw new IllegalArgumentException("no command given: write 'raw: COMMAND'");
            }
        }
    }

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public String freeFormParameter() {
        return "cmd";
    }

    @Override
    public boolean supportsCheckMode() {
        return false;
    }

    @Override
    public Plan plan(ModuleContext context, Params p) {
        return Plan.of(Change.of("run: " + p.cmd()));
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        String line = p.executable() == null ? p.cmd() : Shell.command(List.of(p.executable(), "-c", p.cmd()));
        ExecResult r = context.host().run(line);
        context.host().forgetFacts();
        return result(r);
    }

    /** What {@code raw} and {@code script} return: rc, the output and its lines; failed on a non-zero exit. */
    static ModuleResult result(ExecResult r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("rc", r.exitStatus());
        v.put("stdout", r.stdout());
        v.put("stdout_lines", lines(r.stdout()));
        v.put("stderr", r.stderr());
        v.put("stderr_lines", lines(r.stderr()));
        if (!r.ok()) {
            return new ModuleResult(true, true, "non-zero return code", v, List.of());
        }
        return ModuleResult.changed(v);
    }

    private static List<String> lines(String s) {
        String t = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        return t.isEmpty() ? List.of() : List.of(t.split("\r?\n", -1));
    }
}
