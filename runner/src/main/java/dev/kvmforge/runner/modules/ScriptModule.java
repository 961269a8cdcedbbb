package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code script}: a script from the controller (the first word of the text: absolute, else in the role's and then
 * the playbook's {@code files/}, as {@code copy} finds its {@code src}) copied to a new private directory on the host,
 * run there with the rest of the text as its arguments (through {@code executable} when given), and removed, in one
 * round trip. Always {@code changed}; a non-zero exit fails. {@code creates}/{@code removes} skip it as for
 * {@code command}. In check mode it does not run: changed when {@code creates} or {@code removes} says it would run,
 * skipped otherwise, as in Ansible.
 */
public final class ScriptModule implements Module<ScriptModule.Params> {

    /**
     * @param cmd        the script's name and its arguments (the free-form text)
     * @param creates    a path on the host: when it exists, the script is not run
     * @param removes    a path on the host: when it does not exist, the script is not run
     * @param chdir      an absolute directory on the host to run it in
     * @param executable the program to run the script with ({@code /bin/bash}, {@code python3}), instead of its
     *                   {@code #!} line
     */
    public record Params(@JsonAlias("_raw_params") String cmd, String creates, String removes, String chdir,
                         String executable) {
        public Params {
            if (cmd == null || cmd.isBlank()) {
                throw new IllegalArgumentException("no script given: write 'script: FILE ARGS'");
            }
            if (chdir != null && !chdir.startsWith("/")) {
                throw new IllegalArgumentException("chdir '" + chdir + "' must be an absolute path");
            }
        }

        /** The script's name: the text's first word. */
        String source() {
            return Words.split(cmd.strip()).get(0);
        }

        /** The arguments, as written after the first word (their quoting kept for the host's shell). */
        String arguments() {
            String t = cmd.strip();
            char quote = 0;
            int i = 0;
            for (; i < t.length(); i++) {
                char c = t.charAt(i);
                if (quote != 0) {
                    quote = c == quote ? 0 : quote;
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\') {
                    i++;
                } else if (Character.isWhitespace(c)) {
                    break;
                }
            }
            return i >= t.length() ? "" : t.substring(i);
        }
    }

    private static final String SETUP_FAILED = "kvmforge: the script could not be set up";
    private static final String NO_CHECK = "Check mode is not supported for this task.";

    @Override
    public String name() {
        return "script";
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
    public Plan plan(ModuleContext context, Params p) {
        if (p.creates() != null && context.host().stat(p.creates()).isPresent()) {
            return Plan.none(Map.of("skipped", true, "msg", p.creates() + " exists, matching creates option"));
        }
        if (p.removes() != null && context.host().stat(p.removes()).isEmpty()) {
            return Plan.none(Map.of("skipped", true, "msg", p.removes() + " does not exist, matching removes option"));
        }
        ControllerFile.read(context, "script", "script", p.source(), "files");
        return Plan.of(Change.of("run script " + p.source() + (p.arguments().isBlank() ? "" : " with" + p.arguments())));
    }

    @Override
    public ModuleResult planned(ModuleContext context, Params p, Plan plan) {
        if (plan.isEmpty() || !context.checkMode() || p.creates() != null || p.removes() != null) {
            return ModuleResult.of(plan);
        }
        return ModuleResult.ok(NO_CHECK, Map.of("skipped", true));
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        byte[] script = ControllerFile.read(context, "script", "script", p.source(), "files");
        String name = Path.of(p.source()).getFileName().toString();
        StringBuilder s = new StringBuilder();
        String fail = " || { echo " + Shell.quote(SETUP_FAILED) + " >&2; exit 125; }; ";
        s.append("d=$(mktemp -d)").append(fail).append("trap 'rm -rf \"$d\"' EXIT; ");
        s.append("{ cat > \"$d\"/").append(Shell.quote(name)).append(" && chmod 0700 \"$d\"/").append(Shell.quote(name))
                .append("; }").append(fail);
        if (p.chdir() != null) {
            s.append("cd ").append(Shell.quote(p.chdir())).append(fail);
        }
        if (p.executable() != null) {
            s.append(Shell.quote(p.executable())).append(' ');
        }
        s.append("\"$d\"/").append(Shell.quote(name)).append(p.arguments()).append(" < /dev/null");
        ExecResult r = context.host().run(s.toString(), script);
        context.host().forgetFacts();
        if (r.exitStatus() == 125 && r.stderr().contains(SETUP_FAILED)) {
            throw new BadParameter(ErrorKind.TASK, "script: cannot put " + p.source() + " on the host"
                    + (p.chdir() == null ? "" : " or go to " + p.chdir()) + ": " + r.stderr().strip(),
                    "the login user needs a writable temporary directory" + (p.chdir() == null ? ""
                    : " and access to chdir"), List.of(p.chdir() == null ? "cmd" : "chdir"));
        }
        return RawModule.result(r);
    }
}
