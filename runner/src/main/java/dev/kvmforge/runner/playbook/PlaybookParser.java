package dev.kvmforge.runner.playbook;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.SourceLocation;
import dev.kvmforge.runner.error.Suggestions;
import dev.kvmforge.runner.modules.BadParameter;
import dev.kvmforge.runner.modules.Module;
import dev.kvmforge.runner.modules.ModuleRegistry;
import dev.kvmforge.runner.modules.Parameters;
import dev.kvmforge.runner.modules.Words;
import dev.kvmforge.runner.template.Templar;
import dev.kvmforge.runner.yaml.AnsibleBoolean;
import dev.kvmforge.runner.yaml.Yaml;
import dev.kvmforge.runner.yaml.YamlList;
import dev.kvmforge.runner.yaml.YamlMap;
import dev.kvmforge.runner.yaml.YamlNode;
import dev.kvmforge.runner.yaml.YamlScalar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a playbook strictly: an unknown keyword or module, a misspelt parameter, a value of the wrong kind is an error
 * with file:line:column and the nearest valid names.
 */
public final class PlaybookParser {

    static final Set<String> PLAY_KEYS = Set.of("name", "hosts", "vars", "vars_files", "become", "become_user",
            "become_method", "gather_facts", "tasks", "pre_tasks", "post_tasks", "handlers", "strategy", "serial",
            "tags", "environment", "remote_user", "check_mode", "ignore_errors", "no_log", "connection",
            "any_errors_fatal", "roles", "diff");

    static final Set<String> TASK_KEYS = Set.of("name", "when", "register", "loop", "with_items", "with_list",
            "loop_control", "notify", "tags", "become", "become_user", "become_method", "check_mode", "ignore_errors",
            "changed_when", "failed_when", "retries", "delay", "until", "environment", "vars", "args", "no_log",
            "timeout", "listen", "diff", "run_once");

    static final Set<String> BLOCK_KEYS = Set.of("name", "block", "rescue", "always", "when", "tags", "become",
            "become_user", "become_method", "environment", "vars", "check_mode", "ignore_errors", "no_log", "diff",
            "run_once");

    static final Set<String> META_ACTIONS = Set.of("flush_handlers", "noop", "end_play", "end_host", "clear_facts",
            "refresh_inventory", "reset_connection");

    private final ModuleRegistry modules;

    public PlaybookParser(ModuleRegistry modules) {
        this.modules = modules;
    }

    /** Reads the playbook at {@code file}. */
    public Playbook parse(Path file) {
        return build(Yaml.read(file), file);
    }

    /** Reads playbook text; {@code file} names it in errors and decides where relative paths point. */
    public Playbook parse(String text, Path file) {
        return build(Yaml.read(text, file.toString()), file);
    }

    private Playbook build(YamlNode root, Path file) {
        if (!(root instanceof YamlList plays)) {
            throw KvmforgeException.parse(root.location(), "a playbook is a list of plays, but this is "
                    + root.describe(), "start each play with '- hosts: ...'");
        }
        List<Play> out = new ArrayList<>();
        for (YamlNode n : plays.items()) {
            out.add(play(map(n, "a play")));
        }
        return new Playbook(file, out);
    }

    private Play play(YamlMap m) {
        checkKeys(m, PLAY_KEYS, "play keyword");
        if (m.has("roles")) {
            throw KvmforgeException.parse(m.keyLocation("roles"), "roles are not supported yet",
                    "put the role's tasks in the play's tasks");
        }
        if (!m.has("hosts")) {
            throw KvmforgeException.parse(m.location(), "play has no 'hosts'",
                    "add 'hosts: all', a group name, or 'localhost'");
        }
        String hosts = hostPattern(m.get("hosts").get());
        String name = m.has("name") ? string(m, "name") : hosts;
        TaskOptions playOptions = options(m);
        List<TaskNode> tasks = new ArrayList<>();
        for (String key : List.of("pre_tasks", "tasks", "post_tasks")) {
            if (m.has(key)) {
                tasks.addAll(taskList(list(m, key), playOptions, false));
            }
        }
        List<Task> handlers = new ArrayList<>();
        if (m.has("handlers")) {
            for (TaskNode h : taskList(list(m, "handlers"), playOptions, true)) {
                if (!(h instanceof Task t)) {
                    throw KvmforgeException.parse(h.location(), "a handler must be a task, not a block", null);
                }
                handlers.add(t);
            }
        }
        String strategy = m.has("strategy") ? string(m, "strategy") : "linear";
        if (!strategy.equals("linear") && !strategy.equals("free")) {
            throw KvmforgeException.parse(m.keyLocation("strategy"), "unknown strategy '" + strategy + "'",
                    "use linear (the default) or free");
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
        boolean gather = !m.has("gather_facts") || bool(m, "gather_facts");
        String remoteUser = m.has("remote_user") ? string(m, "remote_user") : null;
        String connection = m.has("connection") ? string(m, "connection") : null;
        if (connection != null && !connection.equals("local") && !connection.equals("ssh")) {
            throw KvmforgeException.parse(m.keyLocation("connection"), "unknown connection '" + connection + "'",
                    "use local or ssh");
        }
        checkNotified(tasks, handlers);
        return new Play(name, hosts, m.has("vars") ? map(m.get("vars").get(), "play vars").toPlain() : Map.of(),
                varsFiles, gather, strategy, serial, tasks, handlers, remoteUser, connection,
                m.has("any_errors_fatal") && bool(m, "any_errors_fatal"), m.location());
    }

    private static void checkNotified(List<TaskNode> tasks, List<Task> handlers) {
        Set<String> known = new TreeSet<>();
        for (Task h : handlers) {
            known.add(h.name());
            known.addAll(h.listen());
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

    private List<TaskNode> taskList(YamlList list, TaskOptions outer, boolean handlers) {
        List<TaskNode> out = new ArrayList<>();
        for (YamlNode n : list.items()) {
            out.add(taskNode(map(n, "a task"), outer, handlers));
        }
        return out;
    }

    private TaskNode taskNode(YamlMap m, TaskOptions outer, boolean handler) {
        if (m.has("block")) {
            checkKeys(m, BLOCK_KEYS, "block keyword");
            TaskOptions o = options(m).inside(outer);
            return new Block(m.has("name") ? string(m, "name") : "block",
                    taskList(list(m, "block"), o, handler),
                    m.has("rescue") ? taskList(list(m, "rescue"), o, handler) : List.of(),
                    m.has("always") ? taskList(list(m, "always"), o, handler) : List.of(),
                    o, m.location());
        }
        return task(m, outer, handler);
    }

    private Task task(YamlMap m, TaskOptions outer, boolean handler) {
        String moduleKey = null;
        for (String key : m.keys()) {
            if (TASK_KEYS.contains(key)) {
                continue;
            }
            if (isMeta(key) || modules.isModule(key)) {
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
            throw KvmforgeException.parse(m.keyLocation(key), "unknown module or task keyword '" + key + "'",
                    unknownKeyHint(key));
        }
        if (moduleKey == null) {
            throw KvmforgeException.parse(m.location(), "task has no module"
                    + (m.has("name") ? " ('" + string(m, "name") + "')" : ""),
                    "add the module to run, such as 'command: ...' or 'copy: ...'");
        }
        YamlNode argNode = m.get(moduleKey).get();
        Module<?> module = isMeta(moduleKey) ? null : modules.find(moduleKey).orElseThrow();
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
        if (module != null) {
            String unknown = Parameters.unknownKey(module.parameters(), args.keySet());
            if (unknown != null) {
                KvmforgeException e = Parameters.unknownParameter(module, unknown);
                SourceLocation at = argsMap != null && argsMap.has(unknown) ? argsMap.keyLocation(unknown)
                        : argNode.location();
                throw KvmforgeException.parse(at, e.what(), e.hint().orElse(null));
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
        TaskOptions o = options(m).inside(outer);
        Object loop = null;
        if (m.has("loop")) {
            loop = m.get("loop").get().toPlain();
        } else if (m.has("with_items")) {
            loop = Map.of("with_items", m.get("with_items").get().toPlain());
        } else if (m.has("with_list")) {
            loop = m.get("with_list").get().toPlain();
        }
        Task.LoopControl lc = Task.LoopControl.DEFAULT;
        if (m.has("loop_control")) {
            YamlMap c = map(m.get("loop_control").get(), "loop_control");
            checkKeys(c, Set.of("loop_var", "index_var", "label", "pause", "extended", "extended_allitems"),
                    "loop_control key");
            lc = new Task.LoopControl(c.has("loop_var") ? string(c, "loop_var") : "item",
                    c.has("index_var") ? string(c, "index_var") : null, c.has("label") ? string(c, "label") : null,
                    c.has("pause") ? seconds(c, "pause") : 0, c.has("extended") && bool(c, "extended"),
                    !c.has("extended_allitems") || bool(c, "extended_allitems"));
        }
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
                until, retries, delay, timeout, m.has("listen") ? strings(m, "listen") : List.of(), m.location());
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
    private String unknownKeyHint(String key) {
        String bare = ModuleRegistry.withoutPrefix(key);
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
                m.has("run_once") ? bool(m, "run_once") : null);
    }

    private static void checkKeys(YamlMap m, Set<String> valid, String noun) {
        for (String k : m.keys()) {
            if (!valid.contains(k)) {
                throw KvmforgeException.parse(m.keyLocation(k), "unknown " + noun + " '" + k + "'",
                        Suggestions.hint(k, valid, noun + "s"));
            }
        }
    }

    private static YamlMap map(YamlNode n, String what) {
        if (n instanceof YamlMap m) {
            return m;
        }
        if (n instanceof YamlScalar s && s.value() == null) {
            return new YamlMap(Map.of(), Map.of(), n.location());
        }
        throw KvmforgeException.parse(n.location(), what + " must be a mapping, not " + n.describe(), null);
    }

    private static YamlList list(YamlMap m, String key) {
        YamlNode n = m.get(key).get();
        if (n instanceof YamlList l) {
            return l;
        }
        if (n instanceof YamlScalar s && s.value() == null) {
            return new YamlList(List.of(), n.location());
        }
        throw KvmforgeException.parse(n.location(), "'" + key + "' must be a list, not " + n.describe(),
                "write each entry on its own line starting with '- '");
    }

    private static String string(YamlMap m, String key) {
        return scalarText(m.get(key).get(), "'" + key + "'");
    }

    private static String scalarText(YamlNode n, String what) {
        if (n instanceof YamlScalar s && s.value() != null) {
            return s.text();
        }
        throw KvmforgeException.parse(n.location(), what + " must be a string, not " + n.describe(), null);
    }

    private static List<String> strings(YamlMap m, String key) {
        YamlNode n = m.get(key).get();
        List<String> out = new ArrayList<>();
        if (n instanceof YamlList l) {
            for (YamlNode i : l.items()) {
                out.add(scalarText(i, "an entry of '" + key + "'"));
            }
        } else if (key.equals("tags")) {
            for (String t : scalarText(n, "'tags'").split(",")) {
                if (!t.isBlank()) {
                    out.add(t.strip());
                }
            }
        } else {
            out.add(scalarText(n, "'" + key + "'"));
        }
        return out;
    }

    private static boolean bool(YamlMap m, String key) {
        YamlNode n = m.get(key).get();
        if (n instanceof YamlScalar s) {
            if (s.value() instanceof Boolean b) {
                return b;
            }
            Boolean word = AnsibleBoolean.of(s.text());
            if (word != null) {
                return word;
            }
        }
        throw KvmforgeException.parse(n.location(), "'" + key + "' must be true or false, not '"
                + (n instanceof YamlScalar s ? s.text() : n.describe()) + "'", null);
    }

    /** A number of seconds, whole or not, at least 0. */
    private static double seconds(YamlMap m, String key) {
        YamlNode n = m.get(key).get();
        if (n instanceof YamlScalar s) {
            try {
                double v = s.value() instanceof Number num ? num.doubleValue() : Double.parseDouble(s.text().strip());
                if (v >= 0 && Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw KvmforgeException.parse(n.location(), "'" + key + "' must be a number of seconds, such as 2 or 0.5",
                null);
    }

    private static int integer(YamlMap m, String key) {
        YamlNode n = m.get(key).get();
        if (n instanceof YamlScalar s) {
            if (s.value() instanceof Number num) {
                return num.intValue();
            }
            try {
                return Integer.parseInt(s.text().strip());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw KvmforgeException.parse(n.location(), "'" + key + "' must be a whole number", null);
    }
}
