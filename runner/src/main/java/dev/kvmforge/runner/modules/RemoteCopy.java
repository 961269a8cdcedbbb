package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.FileStat;
import dev.kvmforge.runner.host.Host;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code copy} with {@code remote_src}: a file already on the host copied to {@code dest} there, without its bytes
 * passing through the controller (an image of gigabytes copies as fast as {@code cp}). Compared by SHA-256 on the
 * host; a new file takes the mode of {@code src}, a replaced one keeps its own; then mode, owner and group as asked;
 * backup and validate as for a controller file. A directory as {@code src} is refused by name.
 *
 * @param src        the file on the host
 * @param dest       where it goes (a directory: under src's name)
 * @param attributes mode, owner and group to set
 * @param backup     keep a dated copy of a file it replaces
 * @param force      replace a file whose content differs
 * @param validate   a command that must accept the new file first ({@code %s})
 */
record RemoteCopy(String src, String dest, FileAttributes attributes, boolean backup, boolean force,
                  String validate) {

    /** What the plan found, for apply. */
    private record Found(String dest, boolean write, boolean exists, List<Change> attributeChanges) {
    }

    Plan plan(Host host) {
        FileStat from = host.stat(src).orElseThrow(() -> new BadParameter(ErrorKind.TASK, "copy: src " + src
                + " (remote_src) does not exist on " + host.name(), "remote_src: true means src is on the host",
                List.of("src")));
        if (from.isDirectory()) {
            throw new BadParameter(ErrorKind.TASK, "copy: src " + src + " is a directory: copying a directory with"
                    + " remote_src is not supported yet", "copy its files one by one, or use command: cp -a",
                    List.of("src"));
        }
        String to = dest;
        Optional<FileStat> at = host.stat(to);
        if (to.endsWith("/") || at.isPresent() && at.get().isDirectory()) {
            to = (to.endsWith("/") ? to : to + "/") + src.substring(src.lastIndexOf('/') + 1);
            at = host.stat(to);
        }
        ExecResult sums = host.run("sha256sum -- " + Shell.quote(src) + (at.isPresent() ? " " + Shell.quote(to) : ""));
        if (!sums.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "copy: cannot read " + src + ": " + sums.stderr().strip(),
                    host.name(), null);
        }
        String[] lines = sums.stdout().split("\n");
        String srcSum = lines[0].split("\\s+")[0];
        List<Change> changes = new ArrayList<>();
        boolean write = false;
        if (at.isEmpty()) {
            write = true;
            changes.add(Change.of("create " + to + " from " + src + " (" + from.size() + " bytes)"));
        } else if (force && (lines.length < 2 || !lines[1].split("\\s+")[0].equals(srcSum))) {
            write = true;
            changes.add(Change.of("update " + to + " from " + src + (backup ? " (keeping a backup)" : "")));
        }
        List<Change> attrs = at.isPresent() && force ? attributes.changesFrom(at.get()) : List.of();
        changes.addAll(attrs);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("src", src);
        values.put("dest", to);
        values.put("sha256", srcSum);
        values.put("size", from.size());
        return new Plan(changes, values).withIntent(new Found(to, write, at.isPresent(), attrs));
    }

    ModuleResult apply(Host host, Plan plan) {
        Found f = plan.intent(Found.class).orElseThrow(() -> new IllegalStateException("a copy plan without its find"));
        Map<String, Object> values = new LinkedHashMap<>(plan.values());
        if (f.write()) {
            if (backup && f.exists()) {
                values.put("backup_file", ManagedFile.backupOf(host, f.dest()));
            }
            String d = Shell.quote(f.dest());
            // the copy's name is known here, so validate's %s is replaced as ManagedFile replaces it
            String t = Shell.quote(host.check("mktemp " + Shell.quote(f.dest() + ".kvmforge.XXXXXX")).strip());
            StringBuilder s = new StringBuilder("set -e; trap 'rm -f " + t.replace("'", "'\\''") + "' EXIT; cp -- ")
                    .append(Shell.quote(src)).append(' ').append(t).append("; ");
            s.append("if [ -e ").append(d).append(" ]; then chmod --reference=").append(d).append(' ').append(t)
                    .append("; chown --reference=").append(d).append(' ').append(t)
                    .append(" 2>/dev/null || true; else chmod --reference=").append(Shell.quote(src)).append(' ')
                    .append(t).append("; fi; ");
            if (validate != null) {
                s.append("if ! ").append(validate.replace("%s", t)).append(" >&2; then exit 99; fi; ");
            }
            s.append("mv -f ").append(t).append(' ').append(d).append("; trap - EXIT");
            ExecResult r = host.run(s.toString());
            if (r.exitStatus() == 99) {
                throw new KvmforgeException(ErrorKind.TASK, "failed to validate: " + validate + ": "
                        + r.stderr().strip(), host.name(), f.dest() + " is unchanged");
            }
            if (!r.ok()) {
                throw new KvmforgeException(ErrorKind.TASK, "copy: cannot copy " + src + " to " + f.dest() + ": "
                        + r.stderr().strip(), host.name(), null);
            }
            if (!attributes.isEmpty()) {
                attributes.applyTo(host, f.dest(), false);
            }
        } else if (!f.attributeChanges().isEmpty()) {
            attributes.applyTo(host, f.dest(), false);
        }
        return ModuleResult.of(new Plan(plan.changes(), values));
    }
}
