package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.FileMode;
import dev.kvmforge.runner.host.FileStat;
import dev.kvmforge.runner.host.Host;
import java.util.ArrayList;
import java.util.List;

/**
 * The mode, owner and group a task asks a path to have ({@code null}: leave as it is), shared by {@code copy},
 * {@code template}, {@code file} and {@code lineinfile}.
 */
record FileAttributes(FileMode mode, String owner, String group) {

    static final FileAttributes NONE = new FileAttributes(null, null, null);

    boolean isEmpty() {
        return mode == null && owner == null && group == null;
    }

    /** What differs between {@code now} and what is asked, as changes to {@code path}. */
    List<Change> changesFrom(FileStat now) {
        List<Change> out = new ArrayList<>();
        String path = now.path();
        if (owner != null && !owner.equals(now.owner())) {
            out.add(Change.of("owner of " + path + ": " + now.owner() + " -> " + owner));
        }
        if (group != null && !group.equals(now.group())) {
            out.add(Change.of("group of " + path + ": " + now.group() + " -> " + group));
        }
        if (mode != null && !now.isLink() && mode.bits() != now.mode().bits()) {
            out.add(Change.of("mode of " + path + ": " + now.mode() + " -> " + mode));
        }
        return out;
    }

    /**
     * Whether anything below the directory {@code path} (itself included) differs, for {@code recurse}: one
     * {@code find} on the host.
     */
    boolean differsBelow(Host host, String path) {
        List<String> tests = new ArrayList<>();
        if (owner != null) {
            tests.add("! -user " + Shell.quote(owner));
        }
        if (group != null) {
            tests.add("! -group " + Shell.quote(group));
        }
        if (mode != null) {
            tests.add("! -perm " + mode.octal());
        }
        if (tests.isEmpty()) {
            return false;
        }
        ExecResult r = host.run("find " + Shell.quote(path) + " ! -type l \\( " + String.join(" -o ", tests)
                + " \\) -print -quit");
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "cannot inspect " + path + ": " + r.stderr().strip(),
                    host.name(), null);
        }
        return !r.stdout().isBlank();
    }

    /** Sets owner, group and mode of {@code path} (and all below it with {@code recurse}); links are not followed. */
    void applyTo(Host host, String path, boolean recurse) {
        StringBuilder cmd = new StringBuilder("set -e");
        String r = recurse ? " -R" : "";
        if (owner != null || group != null) {
            String who = (owner == null ? "" : owner) + (group == null ? "" : ":" + group);
            cmd.append("; chown -h").append(r).append(' ').append(Shell.quote(who)).append(" -- ").append(Shell.quote(path));
        }
        if (mode != null) {
            if (recurse) {
                cmd.append("; find ").append(Shell.quote(path)).append(" ! -type l -exec chmod ").append(mode.octal())
                        .append(" {} +");
            } else {
                cmd.append("; chmod ").append(mode.octal()).append(" -- ").append(Shell.quote(path));
            }
        }
        ExecResult res = host.run(cmd.toString());
        if (!res.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "cannot set owner, group or mode of " + path + ": "
                    + res.stderr().strip(), host.name(), null);
        }
    }
}
