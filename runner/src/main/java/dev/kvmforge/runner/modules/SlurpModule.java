package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.util.Map;

/** {@code slurp}: a file of the host, base64-encoded, as {@code content} (with {@code encoding: base64}). */
public final class SlurpModule implements ReadOnlyModule<SlurpModule.Params> {

    /** @param src the file on the host */
    public record Params(@JsonAlias("path") String src) {
    }

    private static final ParameterRules RULES = ParameterRules.NONE.required("src", "the file on the host");

    @Override
    public String name() {
        return "slurp";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public ParameterRules rules() {
        return RULES;
    }

    @Override
    public ModuleResult read(ModuleContext context, Params p) {
        String q = Shell.quote(p.src());
        ExecResult r = context.host().run("if [ -f " + q + " ]; then base64 -w 0 -- " + q + "; else exit 3; fi");
        if (r.exitStatus() == 3) {
            throw new KvmforgeException(ErrorKind.TASK, "file not found: " + p.src(), null, null);
        }
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "cannot read " + p.src() + ": " + r.stderr().strip(), null,
                    "become a user that may read it (become: true)");
        }
        return ModuleResult.ok(ModuleResult.valuesInOrder("content", r.stdout().strip(), "encoding", "base64",
                "source", p.src()));
    }
}
