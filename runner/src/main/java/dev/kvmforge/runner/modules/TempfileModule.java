package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code tempfile}: a new temporary file (mode 0600) or directory (0700) with a name of its own, in {@code path} or
 * the host's temporary directory ({@code $TMPDIR}, else {@code /tmp}), as {@code mktemp} makes it; returns its
 * {@code path}. Always {@code changed}: every run makes a new one. Its name exists only once it ran, so in check mode
 * the task is skipped, as in Ansible.
 */
public final class TempfileModule implements Module<TempfileModule.Params> {

    /** What to create. */
    public enum State {
        FILE, DIRECTORY;

        @JsonCreator
        public static State parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "file" -> FILE;
                case "directory" -> DIRECTORY;
                default -> throw new IllegalArgumentException("state '" + s + "' is not one of directory, file");
            };
        }
    }

    /**
     * @param state  file (default) or directory
     * @param path   the directory to create it in (default: the host's temporary directory)
     * @param prefix the start of its name (default {@code ansible.})
     * @param suffix the end of its name (default none)
     */
    public record Params(State state, String path, String prefix, String suffix) {
        public Params {
            state = state == null ? State.FILE : state;
            prefix = prefix == null ? "ansible." : prefix;
            suffix = suffix == null ? "" : suffix;
            if (prefix.contains("/") || suffix.contains("/")) {
                throw new IllegalArgumentException("'prefix' and 'suffix' are parts of a name: no '/'");
            }
        }
    }

    @Override
    public String name() {
        return "tempfile";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public boolean supportsCheckMode() {
        return false;
    }

    @Override
    public Plan plan(ModuleContext context, Params p) {
        return Plan.of(Change.of("create a temporary " + p.state().name().toLowerCase(Locale.ROOT) + " in "
                + (p.path() == null ? "the temporary directory" : p.path()) + " named " + p.prefix() + "*"
                + p.suffix()));
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        List<String> words = new ArrayList<>(List.of("mktemp"));
        if (p.state() == State.DIRECTORY) {
            words.add("-d");
        }
        words.add(p.path() == null ? "--tmpdir" : "--tmpdir=" + p.path());
        if (!p.suffix().isEmpty()) {
            words.add("--suffix=" + p.suffix());
        }
        words.add(p.prefix() + "XXXXXXXX");
        ExecResult r = context.host().run(Shell.command(words));
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "cannot create a temporary " + p.state().name()
                    .toLowerCase(Locale.ROOT) + ": " + r.stderr().strip(), context.host().name(),
                    p.path() == null ? null : "check that " + p.path() + " is a directory the login user may write");
        }
        return ModuleResult.changed(ModuleResult.valuesInOrder("path", r.stdout().strip()));
    }
}
