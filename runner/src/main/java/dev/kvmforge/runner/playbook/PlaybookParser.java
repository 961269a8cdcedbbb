package dev.kvmforge.runner.playbook;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.ProblemList;
import dev.kvmforge.runner.error.SourceLocation;
import dev.kvmforge.runner.error.Suggestions;
import dev.kvmforge.runner.modules.BadParameter;
import dev.kvmforge.runner.modules.Module;
import dev.kvmforge.runner.modules.ModuleRegistry;
import dev.kvmforge.runner.modules.Parameters;
import dev.kvmforge.runner.modules.Words;
import dev.kvmforge.runner.template.Lookups;
import dev.kvmforge.runner.template.Templar;
import dev.kvmforge.runner.yaml.AnsibleBoolean;
import dev.kvmforge.runner.yaml.Yaml;
import dev.kvmforge.runner.yaml.YamlList;
import dev.kvmforge.runner.yaml.YamlMap;
import dev.kvmforge.runner.yaml.YamlNode;
import dev.kvmforge.runner.yaml.YamlScalar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static dev.kvmforge.runner.playbook.YamlReads.bool;
import static dev.kvmforge.runner.playbook.YamlReads.checkKeys;
import static dev.kvmforge.runner.playbook.YamlReads.integer;
import static dev.kvmforge.runner.playbook.YamlReads.list;
import static dev.kvmforge.runner.playbook.YamlReads.map;
import static dev.kvmforge.runner.playbook.YamlReads.scalarText;
import static dev.kvmforge.runner.playbook.YamlReads.seconds;
import static dev.kvmforge.runner.playbook.YamlReads.string;
import static dev.kvmforge.runner.playbook.YamlReads.strings;

/**
 * Reads a playbook strictly: an unknown keyword or module, a misspelt parameter, a value of the wrong kind is an error
 * with file:line:column and the nearest valid names.
 */
public final class PlaybookParser {

    static final Set<String> PLAY_KEYS = Set.of("name", "hosts", "vars", "vars_files", "become", "become_user",
            "become_method", "gather_facts", "tasks", "pre_tasks", "post_tasks", "handlers", "strategy", "serial",
            "tags", "environment", "remote_user", "check_mode", "ignore_errors", "no_log", "connection",
            "any_errors_fatal", "roles", "diff", "collections", "module_defaults");

    static final Set<String> TASK_KEYS = Set.of("name", "when", "register", "loop", "with_items", "with_list",
            "loop_control", "notify", "tags", "become", "become_user", "become_method", "check_mode", "ignore_errors",
            "changed_when", "failed_when", "retries", "delay", "until", "environment", "vars", "args", "no_log",
            "timeout", "listen", "diff", "run_once", "delegate_to", "delegate_facts", "module_defaults", "throttle");

    static final Set<String> BLOCK_KEYS = Set.of("name", "block", "rescue", "always", "when", "tags", "become",
            "become_user", "become_method", "environment", "vars", "check_mode", "ignore_errors", "no_log", "diff",
            "run_once", "notify", "delegate_to", "delegate_facts", "module_defaults", "throttle");

    /** The keywords of include_tasks and include_role, as ansible-core's TaskInclude has them. */
    static final Set<String> DYNAMIC_INCLUDE_KEYS = Set.of("name", "when", "tags", "vars", "loop", "with_items",
            "with_list", "loop_control", "args", "ignore_errors", "no_log", "run_once", "timeout");

    /** The keywords a task that imports or includes tasks or a role may have, besides its own arguments. */
    static final Set<String> INCLUDE_KEYS = Set.of("name", "when", "tags", "become", "become_user", "become_method",
            "environment", "vars", "check_mode", "ignore_errors", "no_log", "diff", "run_once", "loop", "with_items",
            "with_list", "loop_control", "args", "any_errors_fatal", "notify", "delegate_to", "delegate_facts",
            "module_defaults");

    /** What an {@code import_playbook} entry may have besides its file. */
    static final Set<String> IMPORT_PLAYBOOK_KEYS = Set.of("name", "when", "vars", "tags");

    static final Set<String> META_ACTIONS = Set.of("flush_handlers", "noop", "end_play", "end_host", "clear_facts",
            "refresh_inventory", "reset_connection");

    private final ModuleRegistry modules;
    private final RoleFinder roles;
    private final List<String> warnings;
    /** ansible.cfg's {@code gathering}: implicit (the default), explicit or smart. */
    private final String gathering;

    /** A parser that finds roles as Ansible does here: {@code roles/} beside the playbook, then ansible.cfg's path. */
    public PlaybookParser(ModuleRegistry modules) {
        this(modules, AnsibleConfig.find(System.getenv()), System.getenv());
    }

    /** A parser that reads roles_path and gathering from {@code config}, {@code ANSIBLE_*} in {@code env} first. */
    public PlaybookParser(ModuleRegistry modules, AnsibleConfig config, Map<String, String> env) {
        this.modules = modules;
        this.roles = new RoleFinder(config.rolesPath(env));
        this.warnings = config.ignoredSettings().stream().toList();
        this.gathering = config.gathering(env);
    }

    /** A parser that looks for roles in {@code rolesPath} after the playbook's {@code roles/}. */
    public PlaybookParser(ModuleRegistry modules, List<Path> rolesPath) {
        this.modules = modules;
        this.roles = new RoleFinder(rolesPath);
        this.warnings = List.of();
        this.gathering = "implicit";
    }

    /**
     * Where the tasks being read come from: the directory of their file (includes are relative to it), the role they
     * belong to, and the play being built.
     */
    private record Origin(Path dir, Role role, PlayBuild play) {
        Origin in(Path otherDir) {
            return new Origin(otherDir, role, play);
        }
    }

    /** What reading a play gathers besides its tasks: its directory, handlers (roles add theirs), roles read. */
    private static final class PlayBuild {
        final Path dir;
        final List<String> collections;
        final List<TaskNode> handlers = new ArrayList<>();
        final List<Role> roles = new ArrayList<>();
        /** Roles already in the play, by directory and parameters: a role runs once unless it allows duplicates. */
        final Set<String> roleKeys = new LinkedHashSet<>();
        /** Whether the play is read: from then on only include_role reads roles, when the run reaches it. */
        boolean built;

        PlayBuild(Path dir, List<String> collections) {
            this.dir = dir;
            this.collections = collections;
        }
    }

    /** Reads the playbook at {@code file}. */
    public Playbook parse(Path file) {
        return build(Yaml.read(file), file);
    }

    /** Reads playbook text; {@code file} names it in errors and decides where relative paths point. */
    public Playbook parse(String text, Path file) {
        return build(Yaml.read(text, file.toString()), file);
    }

    /**
     * Reads the playbook, going on past each play or task in error to find the next: all the errors come out
     * together ({@link ProblemList}), in file order. Files read later, as the run reaches them ({@code include_tasks},
     * {@code include_role}), stop at their first error.
     */
    private Playbook build(YamlNode root, Path file) {
        List<KvmforgeException> found = new ArrayList<>();
        problems.set(found);
        List<Play> plays;
        try {
            plays = plays(root, file, TaskOptions.NONE, Map.of(), new LinkedHashSet<>());
        } catch (KvmforgeException e) {
            found.add(e);
            plays = List.of();
        } finally {
            problems.remove();
        }
        if (!found.isEmpty()) {
            throw ProblemList.of(found);
        }
        return new Playbook(file, plays, warnings);
    }

    /**
     * While {@link #build} reads, the errors found so far, which the reading goes on past; outside it (includes read
     * during the run) nothing, and an error stops the reading.
     */
    private final ThreadLocal<List<KvmforgeException>> problems = new ThreadLocal<>();

    /** {@code read}'s result; a parse error, while the playbook is read as a whole, is kept and {@code null} is given. */
    private <T> T orProblem(java.util.function.Supplier<T> read) {
        List<KvmforgeException> found = problems.get();
        if (found == null) {
            return read.get();
        }
        try {
            return read.get();
        } catch (KvmforgeException e) {
            if (e.kind() != ErrorKind.PARSE) {
                throw e;
            }
            if (e instanceof ProblemList many) {
                found.addAll(many.problems());
            } else {
                found.add(e);
            }
            return null;
        }
    }

    /** The plays of a playbook file, those of the playbooks it imports in their place. */
    private List<Play> plays(YamlNode root, Path file, TaskOptions imported, Map<String, Object> importVars,
                             Set<Path> importing) {
        if (!(root instanceof YamlList plays)) {
            throw KvmforgeException.parse(root.location(), "a playbook is a list of plays, but this is "
                    + root.describe(), "start each play with '- hosts: ...'");
        }
        Path dir = directory(file);
        List<Play> out = new ArrayList<>();
        for (YamlNode n : plays.items()) {
            YamlMap m = map(n, "a play");
            String importKey = m.keys().stream().filter(k -> ModuleRegistry.withoutPrefix(k).equals("import_playbook"))
                    .findFirst().orElse(null);
            if (importKey == null) {
                Play p = orProblem(() -> play(m, dir, imported, importVars));
                if (p != null) {
                    out.add(p);
                }
                continue;
            }
            for (String k : m.keys()) {
                if (!k.equals(importKey) && !IMPORT_PLAYBOOK_KEYS.contains(k)) {
                    throw KvmforgeException.parse(m.keyLocation(k), "unknown import_playbook keyword '" + k + "'",
                            Suggestions.hint(k, IMPORT_PLAYBOOK_KEYS, "keywords"));
                }
            }
            String name = scalarText(m.get(importKey).get(), "import_playbook's file");
            if (Templar.isTemplate(name)) {
                throw KvmforgeException.parse(m.get(importKey).get().location(), "import_playbook reads its file when"
                        + " the playbook is read: '" + name + "' is a template", "name the file as it is");
            }
            Path other = dir.resolve(name).normalize();
            if (!Files.isRegularFile(other)) {
                throw KvmforgeException.parse(m.get(importKey).get().location(), "import_playbook: no playbook at "
                        + other, "give its path relative to " + dir);
            }
            if (!importing.add(other.toAbsolutePath())) {
                throw KvmforgeException.parse(m.location(), "import_playbook: " + other + " imports itself",
                        "remove the circle");
            }
            Map<String, Object> vars = new LinkedHashMap<>(importVars);
            if (m.has("vars")) {
                vars.putAll(map(m.get("vars").get(), "import_playbook vars").toPlain());
            }
            out.addAll(plays(Yaml.read(other), other, options(m).inside(imported), vars, importing));
            importing.remove(other.toAbsolutePath());
        }
        return out;
    }

    private static Path directory(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of("/") : parent;
    }

    private Play play(YamlMap m, Path dir, TaskOptions imported, Map<String, Object> importVars) {
        checkKeys(m, PLAY_KEYS, "play keyword");
        if (!m.has("hosts")) {
            throw KvmforgeException.parse(m.location(), "play has no 'hosts'",
                    "add 'hosts: all', a group name, or 'localhost'");
        }
        String hosts = hostPattern(m.get("hosts").get());
        String name = m.has("name") ? string(m, "name") : hosts;
        TaskOptions playOptions = options(m).inside(imported);
        PlayBuild build = new PlayBuild(dir, m.has("collections") ? strings(m, "collections") : List.of());
        Origin origin = new Origin(dir, null, build);
        List<TaskNode> handlers = new ArrayList<>();
        if (m.has("handlers")) {
            handlers.addAll(handlers(taskList(list(m, "handlers"), playOptions, true, origin)));
        }
        // as ansible-playbook: pre_tasks, then roles and tasks, then post_tasks, handlers flushed after each part
        List<TaskNode> tasks = new ArrayList<>();
        if (m.has("pre_tasks")) {
            tasks.addAll(taskList(list(m, "pre_tasks"), playOptions, false, origin));
        }
        List<TaskNode> main = new ArrayList<>();
        if (m.has("roles")) {
            for (YamlNode entry : list(m, "roles").items()) {
                main.add(roleEntry(entry, playOptions, origin));
            }
        }
        if (m.has("tasks")) {
            main.addAll(taskList(list(m, "tasks"), playOptions, false, origin));
        }
        if (!tasks.isEmpty() && !main.isEmpty()) {
            tasks.add(flushHandlers(m.keyLocation("pre_tasks")));
        }
        tasks.addAll(main);
        if (m.has("post_tasks")) {
            if (!tasks.isEmpty()) {
                tasks.add(flushHandlers(m.keyLocation("post_tasks")));
            }
            tasks.addAll(taskList(list(m, "post_tasks"), playOptions, false, origin));
        }
        handlers.addAll(build.handlers);
        String strategy = m.has("strategy") ? string(m, "strategy") : "linear";
        if (!strategy.equals("linear") && !strategy.equals("free") && !strategy.equals("host_pinned")) {
            throw KvmforgeException.parse(m.keyLocation("strategy"), "unknown strategy '" + strategy + "'",
                    "use linear (the default), free or host_pinned");
        }
        List<Object> serial = new ArrayList<>();
        m.get("serial").ifPresent(s -> {
            Object v = s.toPlain();
            if (v instanceof List<?> l) {
                serial.addAll(l);
            } else if (v != null) {
                serial.add(v);
            }
        });
        List<String> varsFiles = m.has("vars_files") ? strings(m, "vars_files") : List.of();
        FactGathering gather = FactGathering.of(m.has("gather_facts") ? bool(m, "gather_facts") : null, gathering);
        String remoteUser = m.has("remote_user") ? string(m, "remote_user") : null;
        String connection = m.has("connection") ? string(m, "connection") : null;
        if (connection != null && !connection.equals("local") && !connection.equals("ssh")) {
            throw KvmforgeException.parse(m.keyLocation("connection"), "unknown connection '" + connection + "'",
                    "use local or ssh");
        }
        checkNotified(tasks, handlers);
        Map<String, Object> vars = new LinkedHashMap<>(importVars);
        if (m.has("vars")) {
            vars.putAll(map(m.get("vars").get(), "play vars").toPlain());
        }
        build.built = true;
        return new Play(name, hosts, vars, varsFiles, gather, strategy, serial, tasks, handlers, remoteUser,
                connection, m.has("any_errors_fatal") && bool(m, "any_errors_fatal"), build.roles, dir, m.location());
    }

    /** Tagged {@code always}: the implicit flushes run whatever --tags select. */
    private static final TaskOptions ALWAYS = new TaskOptions(List.of(), Set.of("always"), null, null, Map.of(),
            Map.of(), null, null, null, null, null, null, null, Map.of(), null, Map.of());

    /**
     * Handlers as read: tasks, the tasks of imported files in their place, and includes ({@code include_tasks},
     * {@code include_role}), which a notification runs by their name; a block is an error.
     */
    private static List<TaskNode> handlers(List<TaskNode> nodes) {
        List<TaskNode> out = new ArrayList<>();
        for (TaskNode h : nodes) {
            if (h instanceof Task || h instanceof Include) {
                out.add(h);
            } else if (h instanceof Block b && b.rescue().isEmpty() && b.always().isEmpty() && !b.name().equals("block")
                    && b.block().stream().allMatch(x -> x instanceof Task || x instanceof Include)) {
                out.addAll(b.block()); // import_tasks in a handlers file
            } else {
                throw KvmforgeException.parse(h.location(), "a handler must be a task, an include_tasks or an"
                        + " import_tasks, not a block", "give the block's tasks a file and include_tasks it");
            }
        }
        return out;
    }

    /** The implicit {@code meta: flush_handlers} between the parts of a play. */
    private static Task flushHandlers(SourceLocation at) {
        return new Task("flush_handlers", null, "meta", Map.of("action", "flush_handlers"), null, ALWAYS,
                null, null, Task.LoopControl.DEFAULT, List.of(), null, null, null, 0, 5, 0, List.of(), null, at);
    }

    private static void checkNotified(List<TaskNode> tasks, List<TaskNode> handlers) {
        Set<String> known = new TreeSet<>();
        for (TaskNode h : handlers) {
            if (h instanceof Task t) {
                known.add(t.name());
                known.addAll(t.listen());
            } else if (h instanceof Include i) {
                known.add(i.name());
            }
        }
        for (Task t : allTasks(tasks)) {
            for (String n : t.notifyHandlers()) {
                if (!known.contains(n)) {
                    throw KvmforgeException.parse(t.location(), "task '" + t.name() + "' notifies '" + n
                            + "', but the play has no such handler",
                            known.isEmpty() ? "add it under 'handlers:'" : Suggestions.hint(n, known, "handlers"));
                }
            }
        }
    }

    /** Every task in {@code nodes}, blocks opened, in order. */
    public static List<Task> allTasks(List<TaskNode> nodes) {
        List<Task> out = new ArrayList<>();
        for (TaskNode n : nodes) {
            if (n instanceof Task t) {
                out.add(t);
            } else if (n instanceof Block b) {
                out.addAll(allTasks(b.block()));
                out.addAll(allTasks(b.rescue()));
                out.addAll(allTasks(b.always()));
            }
        }
        return out;
    }

    private String hostPattern(YamlNode n) {
        if (n instanceof YamlList l) {
            List<String> parts = new ArrayList<>();
            for (YamlNode i : l.items()) {
                parts.add(scalarText(i, "a host pattern"));
            }
            return String.join(",", parts);
        }
        return scalarText(n, "a host pattern");
    }

    private List<TaskNode> taskList(YamlList list, TaskOptions outer, boolean handlers, Origin origin) {
        List<TaskNode> out = new ArrayList<>();
        for (YamlNode n : list.items()) {
            TaskNode node = orProblem(() -> taskNode(map(n, "a task"), outer, handlers, origin));
            if (node != null) {
                out.add(node);
            }
        }
        return out;
    }

    private TaskNode taskNode(YamlMap m, TaskOptions outer, boolean handler, Origin origin) {
        if (m.has("block")) {
            checkKeys(m, BLOCK_KEYS, "block keyword");
            TaskOptions o = options(m).inside(outer);
            List<String> notify = m.has("notify") ? strings(m, "notify") : List.of(); // reaches each task
            return new Block(m.has("name") ? string(m, "name") : "block",
                    notifying(taskList(list(m, "block"), o, handler, origin), notify),
                    m.has("rescue") ? notifying(taskList(list(m, "rescue"), o, handler, origin), notify) : List.of(),
                    m.has("always") ? notifying(taskList(list(m, "always"), o, handler, origin), notify) : List.of(),
                    o, m.location());
        }
        String include = m.keys().stream().filter(k -> Includes.KEYWORDS.contains(ModuleRegistry.withoutPrefix(k)))
                .findFirst().orElse(null);
        if (include != null) {
            return includeNode(m, include, outer, handler, origin);
        }
        return task(m, outer, handler, origin);
    }

    private Task task(YamlMap m, TaskOptions outer, boolean handler, Origin origin) {
        String moduleKey = null;
        for (String key : m.keys()) {
            if (TASK_KEYS.contains(key) || lookupLoop(key)) {
                continue;
            }
            if (isMeta(key) || module(key, origin) != null) {
                if (moduleKey != null) {
                    throw KvmforgeException.parse(m.keyLocation(key), "task names two modules, '" + moduleKey
                            + "' and '" + key + "'", "a task runs one module; split it into two tasks");
                }
                moduleKey = key;
                continue;
            }
            if (key.equals("rescue") || key.equals("always")) {
                throw KvmforgeException.parse(m.keyLocation(key), "'" + key + "' without 'block'",
                        "put the tasks under 'block:' and '" + key + "' beside it");
            }
            if (key.startsWith("with_")) {
                throw KvmforgeException.parse(m.keyLocation(key), "'" + key + "' loops over lookup '"
                        + key.substring(5) + "', which kvmforge does not have", "lookups kvmforge has: "
                        + String.join(", ", Lookups.NAMES) + "; or write loop: with a list");
            }
            throw KvmforgeException.parse(m.keyLocation(key), "unknown module or task keyword '" + key + "'",
                    unknownKeyHint(key));
        }
        if (moduleKey == null) {
            throw KvmforgeException.parse(m.location(), "task has no module"
                    + (m.has("name") ? " ('" + string(m, "name") + "')" : ""),
                    "add the module to run, such as 'command: ...' or 'copy: ...'");
        }
        YamlNode argNode = m.get(moduleKey).get();
        Module<?> module = isMeta(moduleKey) ? null : module(moduleKey, origin);
        String name = m.has("name") ? string(m, "name") : moduleKey;
        Map<String, Object> args = new LinkedHashMap<>();
        YamlMap argsMap = null;
        List<YamlMap> argMaps = new ArrayList<>();
        if (m.has("args")) {
            YamlMap extra = map(m.get("args").get(), "task args");
            args.putAll(extra.toPlain());
            argsMap = extra;
            argMaps.add(extra);
        }
        if (module == null) {
            String action = scalarText(argNode, "a meta action");
            if (!META_ACTIONS.contains(action)) {
                throw KvmforgeException.parse(argNode.location(), "unknown meta action '" + action + "'",
                        Suggestions.hint(action, META_ACTIONS, "meta actions"));
            }
            args.put("action", action);
        } else if (argNode instanceof YamlMap am) {
            args.putAll(am.toPlain());
            argsMap = am;
            argMaps.add(0, am);
        } else if (argNode instanceof YamlScalar s && s.value() != null) {
            args.putAll(freeForm(module, s));
        } else if (!(argNode instanceof YamlScalar)) {
            throw KvmforgeException.parse(argNode.location(), "arguments of '" + moduleKey + "' must be a mapping"
                    + (module.freeFormParameter() != null ? " or a string" : "") + ", not " + argNode.describe(), null);
        }
        TaskOptions o = options(m).inside(outer);
        Map<String, Object> defaults = Map.of();
        if (module != null) {
            defaults = defaultsFor(module, o.moduleDefaults(), origin);
            if (!defaults.isEmpty()) {
                Map<String, Object> given = args;
                args = new LinkedHashMap<>(defaults);
                args.putAll(given);
            }
            String unknown = Parameters.unknownKey(module.parameters(), args.keySet());
            if (unknown != null) {
                KvmforgeException e = Parameters.unknownParameter(module, unknown);
                SourceLocation at = argsMap != null && argsMap.has(unknown) ? argsMap.keyLocation(unknown)
                        : argNode.location();
                boolean fromDefaults = defaults.containsKey(unknown) && (argsMap == null || !argsMap.has(unknown));
                throw KvmforgeException.parse(at, e.what() + (fromDefaults ? " (given by module_defaults)" : ""),
                        e.hint().orElse(null));
            }
            if (!Templar.holdsTemplate(args)) {
                try {
                    Parameters.bind(module, args);
                } catch (BadParameter e) {
                    throw new KvmforgeException(ErrorKind.PARSE, e.what(), locate(module, e.path(), argMaps, argNode)
                            + ", task '" + name + "'", e.hint().orElse(null));
                }
            }
        }
        Object loop = loop(m);
        Task.LoopControl lc = loopControl(m);
        Object until = m.get("until").map(YamlNode::toPlain).orElse(null);
        int retries = m.has("retries") ? integer(m, "retries") : (until != null ? 3 : 0);
        int delay = m.has("delay") ? integer(m, "delay") : 5;
        int timeout = m.has("timeout") ? integer(m, "timeout") : 0;
        if (m.has("register") && !string(m, "register").matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw KvmforgeException.parse(m.get("register").get().location(), "'" + string(m, "register")
                    + "' is not a valid variable name", "use letters, digits and underscores, not starting with a digit");
        }
        if (!handler && m.has("listen")) {
            throw KvmforgeException.parse(m.keyLocation("listen"), "'listen' is for handlers",
                    "move the task under 'handlers:' or remove 'listen'");
        }
        return new Task(name, module, moduleKey, args, argsMap, o,
                m.has("register") ? string(m, "register") : null, loop, lc,
                m.has("notify") ? strings(m, "notify") : List.of(),
                m.get("changed_when").map(YamlNode::toPlain).orElse(null),
                m.get("failed_when").map(YamlNode::toPlain).orElse(null),
                until, retries, delay, timeout, m.has("listen") ? strings(m, "listen") : List.of(), origin.role(),
                m.location());
    }

    /** What a task file, a role's part, holds: a list of tasks, or nothing. */
    private static YamlList taskFileList(Path file) {
        YamlNode n = Yaml.read(file);
        if (n instanceof YamlScalar s && s.value() == null || n instanceof YamlMap m && m.keys().isEmpty()) {
            return new YamlList(List.of(), n.location()); // an empty file, or one of comments only
        }
        if (!(n instanceof YamlList l)) {
            throw KvmforgeException.parse(n.location(), "a task file is a list of tasks, not " + n.describe(),
                    "start each task with '- name: ...'");
        }
        return l;
    }

    /**
     * The task file {@code name} an import or include names: absolute, or relative to the including file's directory,
     * then the role's {@code tasks/}, then the play's directory.
     */
    private static Path taskFile(String name, Origin origin, SourceLocation at) {
        Path given = Path.of(name);
        List<Path> tried = new ArrayList<>();
        if (given.isAbsolute()) {
            tried.add(given);
        } else {
            tried.add(origin.dir().resolve(given));
            if (origin.role() != null) {
                tried.add(origin.role().dir().resolve("tasks").resolve(given));
            }
            tried.add(origin.play().dir.resolve(given));
        }
        for (Path p : tried) {
            if (Files.isRegularFile(p)) {
                return p.normalize();
            }
        }
        throw KvmforgeException.parse(at, "no task file '" + name + "': looked at " + String.join(", ",
                tried.stream().map(p -> p.normalize().toString()).distinct().toList()), "check the name, or give the"
                + " path relative to the file that includes it");
    }

    /** import_tasks, include_tasks, import_role, include_role (and the old include), short or FQCN. */
    private TaskNode includeNode(YamlMap m, String key, TaskOptions outer, boolean handler, Origin origin) {
        String kind = ModuleRegistry.withoutPrefix(key);
        kind = kind.equals("include") ? "include_tasks" : kind;
        for (String k : m.keys()) {
            if (!k.equals(key) && !INCLUDE_KEYS.contains(k) && !lookupLoop(k)) {
                throw KvmforgeException.parse(m.keyLocation(k), "unknown " + kind + " keyword '" + k + "'",
                        Suggestions.hint(k, INCLUDE_KEYS, "keywords"));
            }
        }
        YamlNode argNode = m.get(key).get();
        boolean role = kind.endsWith("_role");
        Map<String, Object> args = new LinkedHashMap<>();
        if (argNode instanceof YamlMap am) {
            args.putAll(am.toPlain());
        } else if (argNode instanceof YamlScalar sc && sc.value() != null) {
            if (sc.text().contains("=")) {
                try {
                    args.putAll(Words.keyValues(sc.text(), null, Set.of()));
                } catch (IllegalArgumentException e) {
                    throw KvmforgeException.parse(sc.location(), kind + ": " + e.getMessage(), null);
                }
            } else {
                args.put(role ? "name" : "file", sc.text());
            }
        }
        if (m.has("args")) {
            args.putAll(map(m.get("args").get(), "task args").toPlain());
        }
        Set<String> valid = Includes.arguments(kind);
        for (String a : args.keySet()) {
            if (!valid.contains(a)) {
                throw KvmforgeException.parse(argNode instanceof YamlMap am && am.has(a) ? am.keyLocation(a)
                        : argNode.location(), kind + " has no argument '" + a + "'", Suggestions.hint(a, valid,
                        "arguments"));
            }
        }
        String what = role ? "name" : "file";
        if (!(args.get(what) instanceof String target) || target.isBlank()) {
            throw KvmforgeException.parse(argNode.location(), kind + " needs '" + what + "': the "
                    + (role ? "role" : "task file"), null);
        }
        String name = m.has("name") ? string(m, "name") : kind;
        boolean loops = loop(m) != null;
        boolean dynamic = kind.startsWith("include_");
        if (dynamic) {
            // as ansible-core's TaskInclude: other keywords would not reach the included tasks, so they are refused
            for (String k : m.keys()) {
                if (!k.equals(key) && !DYNAMIC_INCLUDE_KEYS.contains(k) && !lookupLoop(k)) {
                    throw KvmforgeException.parse(m.keyLocation(k), "'" + k + "' is not a keyword of " + kind
                            + ": it would not reach the included tasks", BLOCK_KEYS.contains(k)
                            ? "give it to them with apply: {" + k + ": ...} under " + kind
                            : Suggestions.hint(k, DYNAMIC_INCLUDE_KEYS, "keywords"));
                }
            }
        } else if (loops) {
            throw KvmforgeException.parse(m.location(), kind + " is read when the playbook is read and cannot loop",
                    "use include_" + kind.substring("import_".length()) + " with the loop");
        }
        TaskOptions written = options(m);
        TaskOptions own = written.inside(outer);
        YamlNode applyNode = argNode instanceof YamlMap am && am.has("apply") ? am.get("apply").get() : null;
        if (dynamic) {
            // the include's when and tags are about the include; its vars and loop variables are include parameters
            // of the tasks, which also get the keywords around it, ignore_errors and no_log, and what apply says
            TaskOptions inherited = new TaskOptions(List.of(), Set.of(), null, null, Map.of(), Map.of(), null,
                    written.ignoreErrors(), written.noLog(), null, written.runOnce(), null, null, Map.of(), null,
                    written.vars());
            TaskOptions forTasks = applyOptions(applyNode).inside(inherited.inside(outer));
            Include.Loader loader = role ? roleLoader(args, forTasks, origin, argNode.location())
                    : (file, vars) -> {
                        Path f = taskFile(file, origin, m.location());
                        return taskList(taskFileList(f), TaskOptions.includeParams(vars).inside(forTasks), handler,
                                origin.in(f.getParent()));
                    };
            if (role && !Templar.isTemplate(target)) {
                // read now: a missing role is an error at --syntax-check, and its handlers are the play's
                loader.load(target, Map.of());
            }
            return new Include(kind, name, target, own, loop(m), loopControl(m), origin.role(), loader, m.location());
        }
        if (Templar.isTemplate(target)) {
            throw KvmforgeException.parse(m.location(), kind + " of a templated " + what + " ('" + target + "')"
                    + " is read when the playbook is read, before any variable is known",
                    "use include_" + (role ? "role" : "tasks") + ", which reads it when the run reaches it");
        }
        if (applyNode != null) {
            throw KvmforgeException.parse(argNode instanceof YamlMap am ? am.keyLocation("apply") : m.location(),
                    kind + " has no 'apply': the import's own keywords already go to every task it brings in",
                    "write the keywords on the " + kind + " task itself");
        }
        List<String> notify = m.has("notify") ? strings(m, "notify") : List.of();
        if (!role) {
            Path f = taskFile(target, origin, argNode.location());
            TaskOptions forTasks = written.varsAsIncludeParams().inside(outer);
            return new Block(name, notifying(taskList(taskFileList(f), forTasks, handler, origin.in(f.getParent())),
                    notify), List.of(), List.of(), own, m.location());
        }
        // import_role runs each time it is written (Ansible's allow_duplicates default for it);
        // an import's role is public (its defaults and vars are the play's) unless it says public: false
        boolean once = Boolean.FALSE.equals(AnsibleBoolean.of(String.valueOf(args.get("allow_duplicates"))));
        boolean exposed = !Boolean.FALSE.equals(AnsibleBoolean.of(String.valueOf(args.get("public"))));
        Block block = roleBlock(target, written.vars(), args, written.withVars(Map.of()).inside(outer), origin,
                argNode.location(), once, exposed);
        return notify.isEmpty() ? block : new Block(block.name(), notifying(block.block(), notify), block.rescue(),
                block.always(), block.options(), block.location());
    }

    /** {@code nodes} with each task also notifying {@code handlers}, as an import's {@code notify} reaches them. */
    private static List<TaskNode> notifying(List<TaskNode> nodes, List<String> handlers) {
        if (handlers.isEmpty()) {
            return nodes;
        }
        List<TaskNode> out = new ArrayList<>();
        for (TaskNode n : nodes) {
            if (n instanceof Task t) {
                out.add(t.notifying(handlers));
            } else if (n instanceof Block b) {
                out.add(new Block(b.name(), notifying(b.block(), handlers), notifying(b.rescue(), handlers),
                        notifying(b.always(), handlers), b.options(), b.location()));
            } else {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * Reads an {@code include_role}'s role for one host and loop item: its tasks with {@code forTasks} and the loop
     * variables as include parameters. Its handlers join the play's the first time (when the playbook is read, unless
     * the role's name is a template); it is public (its defaults and vars the play's) only with {@code public: true}.
     */
    private Include.Loader roleLoader(Map<String, Object> args, TaskOptions forTasks, Origin origin,
                                      SourceLocation at) {
        boolean once = Boolean.FALSE.equals(AnsibleBoolean.of(String.valueOf(args.get("allow_duplicates"))));
        boolean exposed = Boolean.TRUE.equals(AnsibleBoolean.of(String.valueOf(args.get("public"))));
        // read once per name and loop variables: the first read decides which dependencies the role brings
        Map<List<Object>, List<TaskNode>> read = new HashMap<>();
        return (roleName, loopVars) -> {
            synchronized (origin.play()) { // hosts of the free strategy include at once
                List<TaskNode> known = read.get(List.of(roleName, loopVars));
                if (known != null) {
                    return known;
                }
                int handlersBefore = origin.play().handlers.size();
                Block b = roleBlock(roleName, Map.of(), args, TaskOptions.includeParams(loopVars).inside(forTasks),
                        origin, at, once, exposed);
                if (origin.play().built && origin.play().handlers.size() > handlersBefore) {
                    throw KvmforgeException.parse(at, "role " + roleName + " has handlers, and its name was known"
                            + " only when the run reached it: kvmforge cannot add handlers to a running play yet",
                            "name the role as it is (include_role: name: " + roleName + ")");
                }
                read.put(List.of(roleName, new LinkedHashMap<>(loopVars)), b.block());
                return b.block();
            }
        };
    }

    /** The keywords of an include's {@code apply}: given to each included task. */
    private TaskOptions applyOptions(YamlNode apply) {
        if (apply == null) {
            return TaskOptions.NONE;
        }
        YamlMap node = map(apply, "'apply'");
        checkKeys(node, BLOCK_KEYS, "apply keyword");
        return options(node);
    }

    /** An entry of a play's {@code roles:}: a name, or a mapping with role (or name), keywords and parameters. */
    private TaskNode roleEntry(YamlNode entry, TaskOptions playOptions, Origin origin) {
        if (entry instanceof YamlScalar sc && sc.value() != null) {
            return roleBlock(sc.text(), Map.of(), Map.of(), playOptions, origin, entry.location(), true, true);
        }
        YamlMap m = map(entry, "a roles entry");
        String key = m.has("role") ? "role" : m.has("name") ? "name" : null;
        if (key == null) {
            throw KvmforgeException.parse(m.location(), "a roles entry needs 'role': the role's name",
                    "write '- role: NAME' or just '- NAME'");
        }
        String name = string(m, key);
        if (Templar.isTemplate(name)) {
            throw KvmforgeException.parse(m.get(key).get().location(), "a role in roles: is read when the playbook"
                    + " is read: '" + name + "' is a template", "name the role as it is");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        Map<String, Object> plain = m.toPlain();
        plain.forEach((k, v) -> {
            if (!k.equals(key) && !Includes.ROLE_ENTRY_KEYWORDS.contains(k)) {
                params.put(k, v);
            }
        });
        TaskOptions o = options(m);
        params.putAll(o.vars());
        return roleBlock(name, params, Map.of(), o.withVars(Map.of()).inside(playOptions), origin, m.location(), true,
                true);
    }

    /**
     * A role read into the play: its dependencies (from {@code meta/main.yml}) first, then its tasks, each with the
     * keywords {@code o}; its handlers join the play's, its defaults and vars the play's roles. With {@code once}
     * ({@code roles:} entries and dependencies), a role already in the play with the same parameters is not read
     * again unless its meta allows duplicates.
     */
    private Block roleBlock(String name, Map<String, Object> params, Map<String, Object> from, TaskOptions o,
                            Origin origin, SourceLocation at, boolean once, boolean exposed) {
        PlayBuild play = origin.play();
        Path dir = origin.role() != null && Files.isDirectory(origin.role().dir().resolveSibling(name))
                && !name.contains("/") ? origin.role().dir().resolveSibling(name).normalize()
                : roles.find(name, play.dir, at);
        YamlMap meta = RoleFinder.partFile(dir, "meta", "main").map(PlaybookParser::metaFile)
                .orElse(new YamlMap(new LinkedHashMap<>(), Map.of(), at));
        String tasksFrom = String.valueOf(from.getOrDefault("tasks_from", "main"));
        boolean duplicates = meta.has("allow_duplicates") && bool(meta, "allow_duplicates");
        if (!play.roleKeys.add(dir + "|" + tasksFrom + "|" + params) && once && !duplicates) {
            return new Block("role " + name, List.of(), List.of(), List.of(), o, at);
        }
        Map<String, Object> defaults = part(dir, "defaults", from.get("defaults_from"));
        Map<String, Object> vars = part(dir, "vars", from.get("vars_from"));
        Role role = new Role(dir.getFileName().toString(), dir, defaults, vars, params);
        List<TaskNode> nodes = new ArrayList<>();
        Origin inRole = new Origin(dir.resolve("tasks"), role, play);
        if (meta.get("dependencies").filter(d -> !(d instanceof YamlScalar sc && sc.value() == null)).isPresent()) {
            // a dependency is written as an entry of a play's roles: (name, keywords, parameters)
            for (YamlNode dep : list(meta, "dependencies").items()) {
                nodes.add(roleEntry(dep, o, inRole));
            }
        }
        if (exposed) {
            play.roles.add(role);
        }
        Optional<Path> tasks = RoleFinder.partFile(dir, "tasks", tasksFrom);
        if (tasks.isEmpty() && from.containsKey("tasks_from")) {
            throw KvmforgeException.parse(at, "role " + role.name() + " has no tasks file '" + tasksFrom + "' in "
                    + dir.resolve("tasks"), "tasks_from names a file of the role's tasks/ directory");
        }
        if (tasks.isPresent()) {
            nodes.addAll(taskList(taskFileList(tasks.get()), o, false, inRole.in(tasks.get().getParent())));
        }
        String handlersFrom = String.valueOf(from.getOrDefault("handlers_from", "main"));
        Optional<Path> handlers = RoleFinder.partFile(dir, "handlers", handlersFrom);
        if (handlers.isPresent() && play.roleKeys.add("handlers|" + handlers.get())) {
            for (TaskNode h : handlers(taskList(taskFileList(handlers.get()), o, true,
                    inRole.in(handlers.get().getParent())))) {
                play.handlers.add(h instanceof Task t ? t.listening(role.qualify(t.name())) : h);
            }
        }
        return new Block("role " + role.name(), nodes, List.of(), List.of(), o, at);
    }

    /** A role's {@code meta/main.yml}: a mapping (an empty file, or one of comments only, is an empty one). */
    private static YamlMap metaFile(Path file) {
        YamlNode n = Yaml.read(file);
        if (n instanceof YamlScalar s && s.value() == null) {
            return new YamlMap(new LinkedHashMap<>(), Map.of(), n.location());
        }
        return map(n, "a role's meta/main.yml");
    }

    private static Map<String, Object> part(Path dir, String part, Object from) {
        String name = from == null ? "main" : String.valueOf(from);
        return RoleFinder.partFile(dir, part, name).map(Yaml::readVariables).orElse(Map.of());
    }

    /**
     * Whether {@code key} is a {@code with_<lookup>} loop ({@code with_dict}, {@code with_first_found}...); one of a
     * lookup kvmforge does not have is an error here, at its place.
     */
    private static boolean lookupLoop(String key) {
        return key.startsWith("with_") && !key.equals("with_items") && !key.equals("with_list")
                && Lookups.NAMES.contains(key.substring("with_".length()));
    }

    private Object loop(YamlMap m) {
        for (String k : m.keys()) {
            if (lookupLoop(k)) {
                Map<String, Object> loop = new LinkedHashMap<>();
                loop.put("with_lookup", k.substring("with_".length()));
                loop.put("terms", m.get(k).get().toPlain());
                return loop;
            }
        }
        if (m.has("loop")) {
            return m.get("loop").get().toPlain();
        } else if (m.has("with_items")) {
            return Map.of("with_items", m.get("with_items").get().toPlain());
        } else if (m.has("with_list")) {
            return m.get("with_list").get().toPlain();
        }
        return null;
    }

    private Task.LoopControl loopControl(YamlMap m) {
        if (!m.has("loop_control")) {
            return Task.LoopControl.DEFAULT;
        }
        YamlMap c = map(m.get("loop_control").get(), "loop_control");
        checkKeys(c, Set.of("loop_var", "index_var", "label", "pause", "extended", "extended_allitems",
                "break_when"), "loop_control key");
        List<Object> breakWhen = new ArrayList<>();
        c.get("break_when").map(YamlNode::toPlain).ifPresent(v -> {
            if (v instanceof List<?> l) {
                breakWhen.addAll(l);
            } else {
                breakWhen.add(v);
            }
        });
        return new Task.LoopControl(c.has("loop_var") ? string(c, "loop_var") : "item",
                c.has("index_var") ? string(c, "index_var") : null, c.has("label") ? string(c, "label") : null,
                c.has("pause") ? seconds(c, "pause") : 0, c.has("extended") && bool(c, "extended"),
                !c.has("extended_allitems") || bool(c, "extended_allitems"), breakWhen);
    }

    /**
     * {@code module_defaults} as written: a mapping of module names to arguments, or a list of such mappings (merged
     * in order). A name kvmforge has no module for, or an action group ({@code group/...}: kvmforge's modules are in
     * none), is read and applies to nothing, as in Ansible: a task naming such a module is an error of its own.
     */
    private Map<String, Map<String, Object>> moduleDefaults(YamlNode node) {
        List<YamlMap> maps = new ArrayList<>();
        if (node instanceof YamlList l) {
            l.items().forEach(i -> maps.add(map(i, "module_defaults")));
        } else {
            maps.add(map(node, "module_defaults"));
        }
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (YamlMap m : maps) {
            for (String module : m.keys()) {
                out.computeIfAbsent(module, k -> new LinkedHashMap<>()).putAll(map(m.get(module).get(),
                        "the defaults of " + module).toPlain());
            }
        }
        return out;
    }

    /** The defaults that apply to {@code module}: those given under any of its names, in the order written. */
    private Map<String, Object> defaultsFor(Module<?> module, Map<String, Map<String, Object>> defaults, Origin origin) {
        Map<String, Object> out = new LinkedHashMap<>();
        defaults.forEach((name, args) -> {
            if (module(name, origin) == module) {
                out.putAll(args);
            }
        });
        return out;
    }

    /** The module {@code key} names: a built-in by its name or FQCN, or in one of the play's {@code collections}. */
    private Module<?> module(String key, Origin origin) {
        Module<?> m = modules.find(key).orElse(null);
        if (m == null && !key.contains(".")) {
            for (String collection : origin.play().collections) {
                m = modules.find(collection + "." + key).orElse(null);
                if (m != null) {
                    break;
                }
            }
        }
        return m;
    }

    private static Map<String, Object> freeForm(Module<?> module, YamlScalar s) {
        String freeForm = module.freeFormParameter();
        try {
            return Words.keyValues(s.text(), freeForm, Parameters.freeFormOptions(module));
        } catch (IllegalArgumentException e) {
            throw KvmforgeException.parse(s.location(), "cannot read the arguments of '" + module.name() + "': "
                    + e.getMessage(), freeForm != null
                    ? "close the quote or block, or give the text as '" + freeForm + ":' in a mapping"
                    : "write the arguments as a mapping, one per line");
        }
    }

    /** {@code meta}, with or without an {@code ansible.builtin.} prefix. */
    private static boolean isMeta(String key) {
        return ModuleRegistry.withoutPrefix(key).equals("meta");
    }

    /**
     * The nearest module names for a misspelt {@code ansible.builtin.NAME}, prefix kept; for a bare name, the nearest
     * modules and task keywords.
     */
    /** {@code throttle}: a whole number of hosts, at least 1. */
    private static Integer positive(YamlMap m, String key) {
        int n = integer(m, key);
        if (n < 1) {
            throw KvmforgeException.parse(m.get(key).get().location(), key + " must be 1 or more, not " + n,
                    "write how many hosts may run the task at once");
        }
        return n;
    }

    /** Modules kvmforge does not have on purpose, with what to write instead. */
    private static final Map<String, String> INSTEAD = Map.of(
            "apt_key", "apt-key is deprecated since Debian 11: put the key in /etc/apt/keyrings with get_url or copy,"
                    + " and name it in the source's [signed-by=...] (apt_repository)");

    private String unknownKeyHint(String key) {
        String bare = ModuleRegistry.withoutPrefix(key);
        if (INSTEAD.containsKey(bare)) {
            return INSTEAD.get(bare);
        }
        Set<String> moduleNames = new TreeSet<>(modules.names().stream().filter(n -> !n.contains(".")).toList());
        moduleNames.add("meta");
        if (bare.equals(key)) {
            Set<String> all = new TreeSet<>(TASK_KEYS);
            all.addAll(moduleNames);
            return Suggestions.hint(key, all, "modules and keywords");
        }
        String prefix = key.substring(0, key.length() - bare.length());
        List<String> near = Suggestions.nearest(bare, moduleNames);
        if (!near.isEmpty()) {
            return "did you mean " + String.join(", ", near.stream().map(n -> prefix + n).toList()) + "?";
        }
        return "valid modules after '" + prefix + "': " + String.join(", ", moduleNames);
    }

    /**
     * Where the argument at {@code path} is written: its value, followed into mappings and lists as far as the
     * YAML goes; the module's arguments as a whole when the argument is not written in a mapping.
     */
    private static SourceLocation locate(Module<?> module, List<Object> path, List<YamlMap> maps, YamlNode args) {
        if (path.isEmpty()) {
            return args.location();
        }
        for (YamlMap map : maps) {
            for (String spelling : Parameters.spellings(module.parameters(), (String) path.get(0))) {
                if (map.has(spelling)) {
                    YamlNode node = map.get(spelling).get();
                    for (Object step : path.subList(1, path.size())) {
                        if (node instanceof YamlMap m && step instanceof String k && m.has(k)) {
                            node = m.get(k).get();
                        } else if (node instanceof YamlList l && step instanceof Integer i && i < l.items().size()) {
                            node = l.items().get(i);
                        } else {
                            break;
                        }
                    }
                    return node.location();
                }
            }
        }
        return args.location();
    }

    private TaskOptions options(YamlMap m) {
        List<Object> when = new ArrayList<>();
        m.get("when").ifPresent(w -> {
            Object v = w.toPlain();
            if (v instanceof List<?> l) {
                when.addAll(l);
            } else if (v != null) {
                when.add(v);
            }
        });
        Set<String> tags = new LinkedHashSet<>(m.has("tags") ? strings(m, "tags") : List.of());
        if (m.has("become_method") && !string(m, "become_method").equals("sudo")) {
            throw KvmforgeException.parse(m.get("become_method").get().location(), "become_method '"
                    + string(m, "become_method") + "' is not supported",
                    "kvmforge becomes with sudo: remove become_method, or write become_method: sudo");
        }
        return new TaskOptions(when, tags,
                m.has("become") ? bool(m, "become") : null,
                m.has("become_user") ? string(m, "become_user") : null,
                m.has("environment") ? map(m.get("environment").get(), "environment").toPlain() : Map.of(),
                m.has("vars") && m.has("block") || m.has("vars") && !m.has("hosts")
                        ? map(m.get("vars").get(), "vars").toPlain() : Map.of(),
                m.has("check_mode") ? bool(m, "check_mode") : null,
                m.has("ignore_errors") ? bool(m, "ignore_errors") : null,
                m.has("no_log") ? bool(m, "no_log") : null,
                m.has("diff") ? bool(m, "diff") : null,
                m.has("run_once") ? bool(m, "run_once") : null,
                m.has("delegate_to") ? string(m, "delegate_to") : null,
                m.has("delegate_facts") ? bool(m, "delegate_facts") : null,
                m.has("module_defaults") ? moduleDefaults(m.get("module_defaults").get()) : Map.of(),
                m.has("throttle") ? positive(m, "throttle") : null, Map.of());
    }

}
