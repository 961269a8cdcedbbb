package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.FileStat;
import dev.kvmforge.runner.host.Host;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A file on the host whose whole content and attributes a task decides: what {@code copy}, {@code template} and
 * {@code lineinfile} share. Plans by comparing SHA-256 (one command) and attributes; writes atomically, keeping a
 * {@code dest.YYYY-MM-DD@HH:MM:SS~} copy first when {@code backup} is asked.
 *
 * @param dest       the file on the host
 * @param content    what it should hold
 * @param attributes mode, owner and group to set
 * @param backup     keep a dated copy of the old file before changing its content
 * @param force      replace a file that exists with different content (false: only create a missing file)
 * @param validate   a command that must accept the new content before it replaces the file, {@code %s} standing for
 *                   a copy of it beside the file ({@code visudo -cf %s}); null for none
 */
record ManagedFile(String dest, FileContent content, FileAttributes attributes, boolean backup, boolean force,
                   String validate) {

    ManagedFile {
        if (validate != null && !validate.contains("%s")) {
            throw new BadParameter(ErrorKind.TASK, "validate '" + validate + "' has no %s for the file to check",
                    "write it as the command takes the file, such as: visudo -cf %s", List.of("validate"));
        }
    }

    ManagedFile(String dest, FileContent content, FileAttributes attributes, boolean backup, boolean force) {
        this(dest, content, attributes, backup, force, null);
    }

    /** What the host has now and what would change. */
    private record Assessment(Optional<FileStat> now, boolean write, List<Change> changes) {
    }

    private Assessment assess(Host host) {
        Optional<FileStat> now = host.stat(dest);
        if (now.isPresent() && now.get().isDirectory()) {
            throw new KvmforgeException(ErrorKind.TASK, "dest " + dest + " is a directory", host.name(),
                    "give the file's full path in dest");
        }
        List<Change> changes = new ArrayList<>();
        boolean write = false;
        if (now.isEmpty()) {
            write = true;
            changes.add(Change.of("create " + dest + " (" + content.bytes().length + " bytes"
                    + (attributes.mode() != null ? ", mode " + attributes.mode() : "") + ")",
                    new Diff(dest, "", content.shown())));
        } else if (force && !content.sha256().equals(host.checksum(dest, "sha256").orElse(""))) {
            write = true;
            String before = now.get().size() > FileContent.DIFF_LIMIT
                    ? "(" + now.get().size() + " bytes, too large to show)\n"
                    : host.readText(dest).map(t -> new FileContent(t.getBytes(StandardCharsets.UTF_8)).shown())
                    .orElse("");
            changes.add(Change.of("update " + dest + (backup ? " (keeping a backup)" : ""),
                    new Diff(dest, before, content.shown())));
        }
        if (now.isPresent() && force) {
            changes.addAll(attributes.changesFrom(now.get()));
        }
        return new Assessment(now, write, changes);
    }

    /** The changes that would make the host's file as asked; none when it already is. */
    Plan plan(Host host) {
        Assessment a = assess(host);
        return new Plan(a.changes(), values()).withIntent(new Assessed(this, a));
    }

    /** A file and what {@link #plan} found of it on the host, for {@link #apply(Host, Plan)}. */
    private record Assessed(ManagedFile file, Assessment assessment) {
    }

    /** Carries out a plan that {@link #plan} made a moment ago, without reading the host again. */
    static ModuleResult apply(Host host, Plan plan) {
        Assessed found = plan.intent(Assessed.class).orElseThrow(() -> new IllegalStateException(
                "a file plan without its assessment"));
        return found.file().carryOut(host, found.assessment());
    }

    /** Makes the host's file as asked; the result lists what was done. */
    private ModuleResult carryOut(Host host, Assessment a) {
        Map<String, Object> values = values();
        if (a.write()) {
            if (validate != null) {
                validated(host);
            }
            if (backup && a.now().isPresent()) {
                values.put("backup_file", backupOf(host, dest));
            }
            host.write(dest, content.bytes(), attributes.mode(), attributes.owner(), attributes.group());
        } else if (!a.changes().isEmpty()) {
            attributes.applyTo(host, dest, false);
        }
        return ModuleResult.of(new Plan(a.changes(), values));
    }

    /**
     * Runs {@code validate} on a copy of the new content beside the file (removed afterwards); a command that refuses
     * it fails the task and the file stays as it was.
     */
    private void validated(Host host) {
        String dir = dest.contains("/") ? dest.substring(0, dest.lastIndexOf('/') + 1) : "";
        ExecResult made = host.run("mktemp " + Shell.quote(dir + ".kvmforge-validate.XXXXXX"));
        if (!made.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "cannot make a copy of " + dest + " to validate: "
                    + made.stderr().strip(), host.name(), null);
        }
        String copy = made.stdout().strip();
        try {
            host.write(copy, content.bytes(), null, null, null);
            ExecResult r = host.run(validate.replace("%s", Shell.quote(copy)));
            if (!r.ok()) {
                throw new KvmforgeException(ErrorKind.TASK, "failed to validate: " + validate + " exited "
                        + r.exitStatus() + (r.stderr().isBlank() ? r.stdout().isBlank() ? "" : ": " + r.stdout().strip()
                        : ": " + r.stderr().strip()), host.name(), dest + " is unchanged; fix the content the task"
                        + " writes, or the validate command");
            }
        } finally {
            host.run("rm -f " + Shell.quote(copy));
        }
    }

    private Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("dest", dest);
        v.put("checksum", content.sha1());
        v.put("sha256", content.sha256());
        v.put("size", (long) content.bytes().length);
        return v;
    }

    /**
     * {@code dest}, or with {@code follow} the file a link there points to ({@code copy}'s and {@code template}'s
     * {@code follow}); without it a link at dest is replaced by the file, as Ansible does.
     */
    static String followed(Host host, String dest, Boolean follow) {
        if (!Boolean.TRUE.equals(follow) || host.stat(dest).map(s -> !s.isLink()).orElse(true)) {
            return dest;
        }
        ExecResult r = host.run("readlink -f -- " + Shell.quote(dest));
        return r.ok() && !r.stdout().isBlank() ? r.stdout().strip() : dest;
    }

    /**
     * Copies {@code path} to {@code path.YYYY-MM-DD@HH:MM:SS~} on the host (time of the host), keeping its mode,
     * owner and times; returns the copy's path.
     */
    static String backupOf(Host host, String path) {
        String q = Shell.quote(path);
        ExecResult r = host.run("set -e; b=" + q + ".$(date +%Y-%m-%d@%H:%M:%S)~; cp -p -- " + q
                + " \"$b\"; printf '%s' \"$b\"");
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "cannot back up " + path + ": " + r.stderr().strip(),
                    host.name(), null);
        }
        return r.stdout();
    }
}
