package dev.kvmforge.runner.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.yaml.AnsibleBoolean;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Ansible's lookups, which read on the controller: {@code lookup(name, terms..., key=value...)} (a text, the items
 * joined by commas unless {@code wantlist=True}), {@code query(...)} and {@code q(...)} (always a list), and the
 * {@code with_<name>} loops. Files are looked up as Ansible looks: the role's {@code files/}, the role's {@code vars/}
 * (where Ansible looks when the task is an {@code include_vars}; kvmforge always does), the role, its {@code tasks/},
 * then the same in the playbook's directory. A lookup kvmforge does not have is an error naming it.
 */
public final class Lookups {

    /** The lookups there are. */
    public static final Set<String> NAMES = new TreeSet<>(List.of("file", "env", "first_found", "fileglob", "vars",
            "items", "list", "dict", "sequence", "together", "indexed_items", "nested", "subelements", "lines",
            "template"));

    /** What a lookup reads besides its terms: variables ({@code role_path}, {@code playbook_dir}...). */
    @FunctionalInterface
    public interface Scope {
        Object get(String name);
    }

    /**
     * The name under which a templar's context holds the controller's environment for {@code lookup('env')}: not a
     * variable (no template can name it, {@code vars} does not list it).
     */
    static final String CONTROLLER_ENV = "kvmforge controller environment";

    private Lookups() {
    }

    static void registerAll(com.hubspot.jinjava.interpret.Context context, Map<String, String> controllerEnv) {
        context.put(CONTROLLER_ENV, controllerEnv);
        context.registerFunction(new ELFunctionDefinition("", "lookup", Lookups.class, "lookup", String.class,
                Object[].class));
        context.registerFunction(new ELFunctionDefinition("", "query", Lookups.class, "query", String.class,
                Object[].class));
        context.registerFunction(new ELFunctionDefinition("", "q", Lookups.class, "query", String.class,
                Object[].class));
    }

    /** {@code lookup(name, ...)}: one value, or the items joined by commas (all of them with wantlist=True). */
    public static Object lookup(String name, Object... args) {
        Call c = call(args);
        boolean wantList = Boolean.TRUE.equals(truth(c.kwargs.remove("wantlist")));
        List<Object> out = run(name, c.terms, c.kwargs, interpreterScope());
        if (wantList) {
            return out;
        }
        if (out.size() == 1) {
            return out.get(0);
        }
        // as Ansible's lookup(): the items joined by commas when they are all text, else the list itself
        return out.stream().allMatch(o -> o instanceof String)
                ? String.join(",", out.stream().map(String::valueOf).toList()) : out;
    }

    /** {@code query(name, ...)} and {@code q(...)}: the items, as a list. */
    public static Object query(String name, Object... args) {
        Call c = call(args);
        c.kwargs.remove("wantlist");
        return run(name, c.terms, c.kwargs, interpreterScope());
    }

    private record Call(List<Object> terms, Map<String, Object> kwargs) {
    }

    private static Call call(Object[] args) {
        List<Object> terms = new ArrayList<>();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        for (Object a : args == null ? new Object[0] : args) {
            if (a instanceof NamedParameter p) {
                kwargs.put(p.getName(), p.getValue());
            } else {
                terms.add(a);
            }
        }
        return new Call(terms, kwargs);
    }

    private static Scope interpreterScope() {
        JinjavaInterpreter i = JinjavaInterpreter.getCurrent();
        return name -> i == null ? null : i.getContext().get(name);
    }

    private static Boolean truth(Object o) {
        return o instanceof Boolean b ? b : o == null ? null : AnsibleBoolean.of(String.valueOf(o));
    }

    /**
     * Runs lookup {@code name} on {@code terms}, as a {@code with_<name>} loop does: the items it gives. An error in
     * the lookup is a task error (with {@code errors='ignore'}, no items; {@code 'warn'} the same).
     */
    public static List<Object> run(String fqcn, List<Object> terms, Map<String, Object> kwargs, Scope scope) {
        String name = fqcn.replaceFirst("^ansible\\.(builtin|legacy)\\.", "");
        String errors = String.valueOf(kwargs.getOrDefault("errors", "strict"));
        try {
            return switch (name) {
                case "file" -> strings(terms).stream().map(t -> (Object) readFile(t, scope, kwargs)).toList();
                case "env" -> strings(terms).stream().map(t -> (Object) envValue(t, kwargs, scope)).toList();
                case "first_found" -> firstFound(terms, kwargs, scope);
                case "fileglob" -> fileglob(strings(terms), scope);
                case "vars" -> vars(strings(terms), kwargs, scope);
                case "items" -> flatten(terms, 1);
                case "list" -> terms.size() == 1 && terms.get(0) instanceof Collection<?> c ? List.copyOf(c)
                        : List.copyOf(terms);
                case "dict" -> dict(terms);
                case "sequence" -> sequence(strings(terms));
                case "together" -> together(terms);
                case "indexed_items" -> indexed(flatten(terms, 1));
                case "nested" -> nested(terms);
                case "subelements" -> subelements(terms, kwargs);
                case "template" -> strings(terms).stream().map(t -> (Object) renderTemplate(t, scope)).toList();
                case "lines" -> throw new TemplateException("lookup 'lines' runs a command on the"
                        + " controller, which kvmforge does not do", "run the command in a task and register it");
                default -> throw new TemplateException("there is no lookup '" + name + "'",
                        "lookups kvmforge has: " + String.join(", ", NAMES));
            };
        } catch (KvmforgeException e) {
            if ((errors.equals("ignore") || errors.equals("warn")) && NAMES.contains(name)) {
                return List.of();
            }
            throw e;
        }
    }

    private static List<String> strings(List<Object> terms) {
        List<String> out = new ArrayList<>();
        for (Object t : flatten(terms, 1)) {
            out.add(String.valueOf(t));
        }
        return out;
    }

    private static List<Object> flatten(List<Object> terms, int depth) {
        List<Object> out = new ArrayList<>();
        for (Object t : terms) {
            if (depth > 0 && t instanceof Collection<?> c) {
                out.addAll(flatten(new ArrayList<>(c), depth - 1));
            } else {
                out.add(t);
            }
        }
        return out;
    }

    /** The places a relative file name is looked for, in Ansible's order, for a lookup reading {@code sub}. */
    static List<Path> searchPath(Scope scope, String sub) {
        List<Path> dirs = new ArrayList<>();
        Object role = scope.get("role_path");
        if (role != null) {
            Path r = Path.of(String.valueOf(role));
            dirs.add(r.resolve(sub));
            dirs.add(r.resolve("vars"));
            dirs.add(r);
            dirs.add(r.resolve("tasks"));
        }
        Object playbook = scope.get("playbook_dir");
        Path base = playbook == null ? Path.of("").toAbsolutePath() : Path.of(String.valueOf(playbook));
        dirs.add(base.resolve(sub));
        dirs.add(base.resolve("vars"));
        dirs.add(base);
        return dirs.stream().distinct().toList();
    }

    private static Path find(String name, List<Path> dirs) {
        Path p = Path.of(name);
        if (p.isAbsolute()) {
            return Files.exists(p) ? p : null;
        }
        for (Path d : dirs) {
            Path c = d.resolve(name).normalize();
            if (Files.exists(c)) {
                return c;
            }
        }
        return null;
    }

    private static String readFile(String name, Scope scope, Map<String, Object> kwargs) {
        Path p = find(name, searchPath(scope, "files"));
        if (p == null || !Files.isRegularFile(p)) {
            throw new TemplateException("lookup('file'): no file '" + name + "' in "
                    + String.join(", ", searchPath(scope, "files").stream().map(Path::toString).toList()), null);
        }
        try {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            boolean rstrip = !Boolean.FALSE.equals(truth(kwargs.get("rstrip")));
            return rstrip ? text.stripTrailing() : text;
        } catch (IOException e) {
            throw new TemplateException("lookup('file'): cannot read " + p + ": " + e.getMessage(), null);
        }
    }

    /** A template file of the role's {@code templates/} (or the playbook's), rendered with the task's variables. */
    private static String renderTemplate(String name, Scope scope) {
        Path p = find(name, searchPath(scope, "templates"));
        JinjavaInterpreter i = JinjavaInterpreter.getCurrent();
        if (p == null || !Files.isRegularFile(p)) {
            throw new TemplateException("lookup('template'): no template '" + name + "' in " + String.join(", ",
                    searchPath(scope, "templates").stream().map(Path::toString).toList()), null);
        }
        if (i == null) {
            throw new TemplateException("lookup('template') renders inside a template only, not as a loop", null);
        }
        try {
            return i.renderFlat(Files.readString(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TemplateException("lookup('template'): cannot read " + p + ": " + e.getMessage(), null);
        }
    }

    private static String envValue(String name, Map<String, Object> kwargs, Scope scope) {
        Object env = scope.get(CONTROLLER_ENV);
        String v = env instanceof Map<?, ?> m ? (String) m.get(name) : System.getenv(name);
        return v != null ? v : kwargs.containsKey("default") ? String.valueOf(kwargs.get("default")) : "";
    }

    /** first_found: terms are file names, lists of them, or {files, paths, skip} mappings; the first that exists. */
    private static List<Object> firstFound(List<Object> terms, Map<String, Object> kwargs, Scope scope) {
        List<String> files = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        boolean skip = Boolean.TRUE.equals(truth(kwargs.get("skip")));
        addFirstFoundTerms(flatten(terms, 1), files, paths);
        if (kwargs.get("files") != null) {
            addAll(files, kwargs.get("files"));
        }
        if (kwargs.get("paths") != null) {
            addAll(paths, kwargs.get("paths"));
        }
        for (Object t : flatten(terms, 1)) {
            if (t instanceof Map<?, ?> m && m.get("skip") != null) {
                skip = Boolean.TRUE.equals(truth(m.get("skip")));
            }
        }
        List<String> candidates = new ArrayList<>();
        for (String f : files) {
            if (paths.isEmpty() || Path.of(f).isAbsolute()) {
                candidates.add(f);
            } else {
                paths.forEach(p -> candidates.add(Path.of(p).resolve(f).toString()));
            }
        }
        List<Path> dirs = searchPath(scope, "files");
        for (String c : candidates) {
            Path p = find(c, dirs);
            if (p != null) {
                return List.of(p.toString());
            }
        }
        if (skip) {
            return List.of();
        }
        throw new TemplateException("No file was found when using first_found (looked for "
                + String.join(", ", candidates) + " in " + String.join(", ", dirs.stream().map(Path::toString)
                .toList()) + ")", "add a last fallback file, or skip: true");
    }

    private static void addFirstFoundTerms(List<Object> terms, List<String> files, List<String> paths) {
        for (Object t : terms) {
            if (t instanceof Map<?, ?> m) {
                addAll(files, m.get("files"));
                addAll(paths, m.get("paths"));
            } else if (t != null) {
                files.add(String.valueOf(t));
            }
        }
    }

    private static void addAll(List<String> into, Object value) {
        if (value instanceof Collection<?> c) {
            c.forEach(x -> into.addAll(splitList(String.valueOf(x))));
        } else if (value != null) {
            into.addAll(splitList(String.valueOf(value)));
        }
    }

    /** A first_found files or paths text: several separated by commas, semicolons (or colons, for paths). */
    private static List<String> splitList(String s) {
        return List.of(s.split("[,;]")).stream().map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    private static List<Object> fileglob(List<String> patterns, Scope scope) {
        List<Object> out = new ArrayList<>();
        for (String pattern : patterns) {
            Path pat = Path.of(pattern);
            String glob = pat.getFileName().toString();
            List<Path> dirs = new ArrayList<>();
            if (pat.isAbsolute()) {
                dirs.add(pat.getParent());
            } else {
                Path sub = pat.getParent() == null ? Path.of("") : pat.getParent();
                searchPath(scope, "files").forEach(d -> dirs.add(d.resolve(sub)));
            }
            for (Path d : dirs) {
                if (!Files.isDirectory(d)) {
                    continue;
                }
                List<String> found = new ArrayList<>();
                try (DirectoryStream<Path> s = Files.newDirectoryStream(d, glob)) {
                    s.forEach(p -> {
                        if (Files.isRegularFile(p)) {
                            found.add(p.normalize().toString());
                        }
                    });
                } catch (IOException e) {
                    continue;
                }
                if (!found.isEmpty()) {
                    found.sort(null);
                    out.addAll(found);
                    break;
                }
            }
        }
        return out;
    }

    private static List<Object> vars(List<String> names, Map<String, Object> kwargs, Scope scope) {
        List<Object> out = new ArrayList<>();
        for (String n : names) {
            Object v = scope.get(n);
            if (v == null || Undefined.is(v)) {
                if (kwargs.containsKey("default")) {
                    out.add(kwargs.get("default"));
                    continue;
                }
                throw new TemplateException("lookup('vars'): '" + n + "' is undefined", null);
            }
            out.add(v);
        }
        return out;
    }

    private static List<Object> dict(List<Object> terms) {
        List<Object> out = new ArrayList<>();
        for (Object t : terms) {
            if (!(t instanceof Map<?, ?> m)) {
                throw new TemplateException("with_dict expects a mapping, not " + t, null);
            }
            m.forEach((k, v) -> {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("key", k);
                item.put("value", v);
                out.add(item);
            });
        }
        return out;
    }

    /** with_sequence: {@code start=1 end=5 stride=1 format=%d}, or {@code 1-5}, or {@code count=3}. */
    private static List<Object> sequence(List<String> terms) {
        List<Object> out = new ArrayList<>();
        for (String term : terms) {
            Map<String, String> kv = new LinkedHashMap<>();
            for (String w : term.strip().split("\\s+")) {
                int eq = w.indexOf('=');
                if (eq > 0) {
                    kv.put(w.substring(0, eq), w.substring(eq + 1));
                } else if (w.matches("\\d+-\\d+(/\\d+)?")) {
                    String[] a = w.split("[-/]");
                    kv.put("start", a[0]);
                    kv.put("end", a[1]);
                    if (a.length > 2) {
                        kv.put("stride", a[2]);
                    }
                } else if (w.matches("\\d+")) {
                    kv.put("end", w);
                }
            }
            Function<String, Integer> num = k -> Integer.decode(kv.get(k));
            int start = kv.containsKey("start") ? num.apply("start") : 1;
            int stride = kv.containsKey("stride") ? num.apply("stride") : 1;
            int end = kv.containsKey("count") ? start + (num.apply("count") - 1) * stride : num.apply("end");
            String format = kv.getOrDefault("format", "%d");
            for (int i = start; stride > 0 ? i <= end : i >= end; i += stride) {
                out.add(String.format(format, i));
                if (stride == 0) {
                    break;
                }
            }
        }
        return out;
    }

    private static List<Object> together(List<Object> terms) {
        List<List<?>> lists = terms.stream().map(t -> t instanceof List<?> l ? l : List.of(t)).toList();
        int n = lists.stream().mapToInt(List::size).max().orElse(0);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Object> row = new ArrayList<>();
            for (List<?> l : lists) {
                row.add(i < l.size() ? l.get(i) : null);
            }
            out.add(row);
        }
        return out;
    }

    private static List<Object> indexed(List<Object> items) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(List.of(i, items.get(i)));
        }
        return out;
    }

    private static List<Object> nested(List<Object> terms) {
        List<List<Object>> acc = new ArrayList<>();
        acc.add(new ArrayList<>());
        for (Object t : terms) {
            List<?> l = t instanceof List<?> x ? x : List.of(t);
            List<List<Object>> next = new ArrayList<>();
            for (List<Object> prefix : acc) {
                for (Object o : l) {
                    List<Object> row = new ArrayList<>(prefix);
                    row.add(o);
                    next.add(row);
                }
            }
            acc = next;
        }
        return new ArrayList<>(acc);
    }

    /** with_subelements: [list of mappings, key]; each (mapping, element of mapping[key]). */
    private static List<Object> subelements(List<Object> terms, Map<String, Object> kwargs) {
        if (terms.size() < 2 || !(terms.get(0) instanceof Collection<?> items)) {
            throw new TemplateException("subelements takes a list of mappings and a key", null);
        }
        String key = String.valueOf(terms.get(1));
        boolean skipMissing = terms.size() > 2 && terms.get(2) instanceof Map<?, ?> f
                && Boolean.TRUE.equals(truth(f.get("skip_missing")))
                || Boolean.TRUE.equals(truth(kwargs.get("skip_missing")));
        List<Object> out = new ArrayList<>();
        for (Object item : items) {
            Object sub = item instanceof Map<?, ?> m ? m.get(key) : null;
            if (sub == null) {
                if (skipMissing) {
                    continue;
                }
                throw new TemplateException("subelements: an item has no key '" + key + "'",
                        "give skip_missing: true to leave such items out");
            }
            for (Object s : sub instanceof Collection<?> c ? c : List.of(sub)) {
                out.add(List.of(item, s));
            }
        }
        return out;
    }
}
