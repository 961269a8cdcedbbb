package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.FileMode;
import dev.kvmforge.runner.host.FileStat;
import dev.kvmforge.runner.host.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code file}: makes a path a file, a directory, a symbolic or hard link, or absent, and sets its mode, owner and
 * group. On a link, owner and group are set on the link itself, as {@code chown -h} does.
 *
 * <p>{@code state: touch} creates a missing file and otherwise updates its access and modification times, so it reports
 * {@code changed} on every run, as Ansible's does; with {@code modification_time: preserve} and
 * {@code access_time: preserve} an existing file is left alone and the task is idempotent. {@code state: absent}
 * removes a directory with everything in it: that is what absent asks for.
 */
public final class FileModule implements Module<FileModule.Params> {

    /** What the path should be. */
    public enum State {
        FILE, DIRECTORY, ABSENT, LINK, HARD, TOUCH;

        @JsonCreator
        public static State parse(String s) {
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("state '" + s
                        + "' is not one of file, directory, absent, link, hard, touch");
            }
        }

        @JsonValue
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param path             the path on the host
     * @param state            file (default for a path that exists as a file, or is missing), directory, absent,
     *                         link, hard, touch
     * @param src              the target of a link
     * @param mode             permission bits
     * @param owner            owning user's name
     * @param group            owning group's name
     * @param recurse          with {@code directory}: set owner, group and mode on everything below too
     * @param force            with {@code link}/{@code hard}: replace a file (or empty directory) at {@code path}
     * @param modificationTime with {@code touch}: {@code preserve} keeps an existing file's modification time
     * @param accessTime       with {@code touch}: {@code preserve} keeps an existing file's access time
     * @param follow           a symbolic link at {@code path} stands for its target (default true), except for
     *                         link, hard and absent
     */
    public record Params(@JsonAlias({"dest", "name"}) String path, State state, String src, FileMode mode, String owner,
                         String group, Boolean recurse, Boolean force, String modificationTime,
                         String accessTime, Boolean follow) {
        FileAttributes attributes() {
            return new FileAttributes(mode, owner, group);
        }

        /** The same task on another path (a link's target, for {@code follow}). */
        Params at(String other) {
            return new Params(other, state, src, mode, owner, group, recurse, force, modificationTime, accessTime,
                    follow);
        }
    }

    private static final ParameterRules RULES = ParameterRules.NONE
            .required("path", "the path on the host")
            .requiredIf("state", "link", List.of("src"), "what the link points to")
            .requiredIf("state", "hard", List.of("src"), "what the link points to")
            .onlyWith("recurse", "state", "directory");

    @Override
    public String name() {
        return "file";
    }

    @Override
    public ParameterRules rules() {
        return RULES;
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    /** What {@code apply} runs, in order, and what the plan says. */
    private record Steps(State state, List<Change> changes, List<String> commands, boolean attributes) {
    }

    @Override
    public Plan plan(ModuleContext context, Params given) {
        Params p = followed(context.host(), given);
        Steps s = steps(context.host(), p);
        if (!s.changes().isEmpty() && !s.state().word().equals("absent")) {
            context.forecast().willCreate(p.path());
        }
        return new Plan(s.changes(), ModuleResult.valuesInOrder("path", p.path(), "state", s.state().word()))
                .withIntent(s);
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params given, Plan plan) {
        Host host = context.host();
        Params p = followed(host, given);
        Steps s = plan.intent(Steps.class).orElseThrow(() -> new IllegalStateException("a plan without its steps"));
        for (String command : s.commands()) {
            ExecResult r = host.run(command);
            if (!r.ok()) {
                throw new KvmforgeException(ErrorKind.TASK, "file: " + p.path() + ": " + r.stderr().strip(),
                        host.name(), null);
            }
        }
        if (s.attributes()) {
            p.attributes().applyTo(host, p.path(), Boolean.TRUE.equals(p.recurse()));
        }
        return ModuleResult.of(plan);
    }

    /**
     * {@code follow} (default true, as Ansible): a task on a symbolic link, other than making or removing links, is
     * about the file the link points to; {@code follow: false} sets the link's own owner and group.
     */
    private static Params followed(Host host, Params p) {
        boolean follow = p.follow() == null || p.follow();
        String state = p.state() == null ? "" : p.state().word();
        if (!follow || state.equals("link") || state.equals("hard") || state.equals("absent")) {
            return p;
        }
        String target = ManagedFile.followed(host, p.path(), true);
        return target.equals(p.path()) ? p : p.at(target);
    }

    private static Steps steps(Host host, Params p) {
        String path = p.path();
        String q = Shell.quote(path);
        Optional<FileStat> now = host.stat(path);
        List<Change> changes = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        State state = p.state() != null ? p.state() : now.map(st -> st.isDirectory() ? State.DIRECTORY
                : st.isLink() ? State.LINK : State.FILE).orElse(State.FILE);
        switch (state) {
            case ABSENT -> {
                if (now.isPresent()) {
                    changes.add(Change.of("remove " + path + (now.get().isDirectory() ? " and everything in it" : "")));
                    commands.add("rm -rf -- " + q);
                }
                return new Steps(state, changes, commands, false);
            }
            case FILE -> {
                if (now.isEmpty()) {
                    throw new KvmforgeException(ErrorKind.TASK, "file " + path + " is absent, cannot continue",
                            host.name(), "use state: touch to create an empty file, or copy/template to write one");
                }
                if (now.get().isDirectory()) {
                    throw new KvmforgeException(ErrorKind.TASK, path + " is a directory, not a file", host.name(),
                            "use state: directory, or state: absent first");
                }
            }
            case DIRECTORY -> {
                if (now.isEmpty()) {
                    changes.add(Change.of("create directory " + path));
                    commands.add("mkdir -p -- " + q);
                } else if (!now.get().isDirectory() && !(now.get().isLink() && isDirectory(host, path))) {
                    throw new KvmforgeException(ErrorKind.TASK, path + " exists and is not a directory", host.name(),
                            "remove it first (state: absent) if a directory should be there");
                }
            }
            case TOUCH -> {
                boolean preserve = "preserve".equals(p.modificationTime()) && "preserve".equals(p.accessTime());
                if (now.isEmpty()) {
                    changes.add(Change.of("create empty file " + path));
                    commands.add("touch -- " + q);
                } else if (!preserve) {
                    changes.add(Change.of("touch " + path + " (access and modification times)"));
                    commands.add(touch(p, q));
                }
            }
            case LINK, HARD -> {
                if (p.src() != null) {
                    link(host, p, now, state, changes, commands);
                } // a link found at path, no state asked: only its owner and group are the task's
            }
            default -> throw new IllegalStateException(state.toString());
        }
        boolean attributes = false;
        FileAttributes wanted = p.attributes();
        if (!wanted.isEmpty()) {
            boolean created = now.isEmpty() || (state == State.LINK || state == State.HARD) && !commands.isEmpty();
            if (created) {
                attributes = true;
                changes.add(Change.of("set " + describe(wanted) + " on " + path));
            } else if (Boolean.TRUE.equals(p.recurse())) {
                if (wanted.differsBelow(host, path)) {
                    attributes = true;
                    changes.add(Change.of("set " + describe(wanted) + " on " + path + " and everything in it"));
                }
            } else {
                List<Change> differ = wanted.changesFrom(now.get());
                attributes = !differ.isEmpty();
                changes.addAll(differ);
            }
        }
        return new Steps(state, changes, commands, attributes);
    }

    private static String describe(FileAttributes a) {
        List<String> parts = new ArrayList<>();
        if (a.owner() != null) {
            parts.add("owner " + a.owner());
        }
        if (a.group() != null) {
            parts.add("group " + a.group());
        }
        if (a.mode() != null) {
            parts.add("mode " + a.mode());
        }
        return String.join(", ", parts);
    }

    private static String touch(Params p, String q) {
        if ("preserve".equals(p.modificationTime())) {
            return "touch -a -- " + q;
        }
        if ("preserve".equals(p.accessTime())) {
            return "touch -m -- " + q;
        }
        return "touch -- " + q;
    }

    private static boolean isDirectory(Host host, String path) {
        return host.run("[ -d " + Shell.quote(path) + " ]").ok();
    }

    private static void link(Host host, Params p, Optional<FileStat> now, State state, List<Change> changes,
                             List<String> commands) {
        String path = p.path();
        String q = Shell.quote(path);
        String src = Shell.quote(p.src());
        boolean force = Boolean.TRUE.equals(p.force());
        if (state == State.LINK) {
            if (now.isPresent() && now.get().isLink() && p.src().equals(now.get().linkTarget())) {
                return;
            }
            if (now.isPresent() && !now.get().isLink()) {
                refuseUnlessForced(host, path, now.get(), force, "symbolic link");
            }
            changes.add(Change.of(now.isPresent() && now.get().isLink()
                    ? "point link " + path + " at " + p.src() + " (was " + now.get().linkTarget() + ")"
                    : "link " + path + " -> " + p.src()));
            commands.add((now.isPresent() && now.get().isDirectory() ? "rmdir -- " + q + " && " : "")
                    + "ln -sfn -- " + src + " " + q);
        } else {
            if (host.run("[ -e " + src + " ]").exitStatus() != 0) {
                throw new KvmforgeException(ErrorKind.TASK, "src " + p.src() + " does not exist: cannot hard-link "
                        + path + " to it", host.name(), null);
            }
            if (now.isPresent() && host.run("[ " + q + " -ef " + src + " ]").ok()) {
                return;
            }
            if (now.isPresent()) {
                refuseUnlessForced(host, path, now.get(), force, "hard link");
            }
            changes.add(Change.of("hard-link " + path + " to " + p.src()));
            commands.add((now.isPresent() && now.get().isDirectory() ? "rmdir -- " + q + " && " : "")
                    + "ln -f -- " + src + " " + q);
        }
    }

    private static void refuseUnlessForced(Host host, String path, FileStat now, boolean force, String what) {
        if (!force) {
            throw new KvmforgeException(ErrorKind.TASK, "refusing to turn the " + now.type().name()
                    .toLowerCase(Locale.ROOT) + " " + path + " into a " + what, host.name(),
                    "set force: true to replace it");
        }
        if (now.isDirectory() && !host.run("[ -z \"$(ls -A -- " + Shell.quote(path) + ")\" ]").ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "refusing to replace the directory " + path
                    + ", which is not empty, with a " + what, host.name(), "remove it first with state: absent");
        }
    }
}
