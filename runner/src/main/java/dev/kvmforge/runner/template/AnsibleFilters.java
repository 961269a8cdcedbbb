package dev.kvmforge.runner.template;

import com.hubspot.jinjava.interpret.Context;
import dev.kvmforge.runner.connection.Shell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Ansible's filters that Jinjava lacks or means differently, each as Ansible documents it. Registering one under a
 * name Jinjava already has replaces Jinjava's ({@code default}, {@code bool}, {@code split}, {@code join},
 * {@code string}, {@code unique}, {@code regex_replace}...): Jinjava's {@code default(1)} returns the text
 * {@code "1"}, its {@code bool} knows no {@code yes}, its {@code split} drops empty fields.
 */
final class AnsibleFilters {

    private AnsibleFilters() {
    }

    /** Makes Jinjava's own filters refuse undefined values, then adds (or puts in place) Ansible's. */
    static void registerAll(Context context) {
        for (com.hubspot.jinjava.lib.filter.Filter f : List.copyOf(context.getAllFilters())) {
            context.registerFilter(new UndefinedRefusingFilter(f));
        }
        all().forEach(context::registerFilter);
    }

    static List<NamedFilter> all() {
        List<NamedFilter> f = new ArrayList<>();
        f.addAll(undefinedAware());
        f.addAll(text());
        f.addAll(regex());
        f.addAll(data());
        f.addAll(lists());
        f.addAll(python());
        return f;
    }

    /** {@code default}/{@code d} and {@code mandatory}: the filters that may look at an undefined value. */
    private static List<NamedFilter> undefinedAware() {
        NamedFilter.Body dflt = (v, a) -> {
            Object otherwise = a.get(0, "default_value", "");
            if (Undefined.is(v)) {
                return otherwise;
            }
            return a.flag(1, "boolean", false) && !Truth.ofValue(v) ? otherwise : v;
        };
        return List.of(
                NamedFilter.lookingAtUndefined("default", dflt),
                NamedFilter.lookingAtUndefined("d", dflt),
                NamedFilter.lookingAtUndefined("mandatory", (v, a) -> {
                    if (v instanceof Undefined u) {
                        String msg = a.text(0, "msg", null);
                        throw new TemplateException(msg != null ? msg : "Mandatory variable '" + u.name()
                                + "' not defined.", Templar.UNDEFINED_HINT);
                    }
                    return v;
                }));
    }

    private static List<NamedFilter> text() {
        return List.of(
                NamedFilter.of("bool", (v, a) -> bool(v)),
                NamedFilter.of("quote", (v, a) -> Shell.quote(v == null ? "" : PythonText.str(v))),
                NamedFilter.of("string", (v, a) -> PythonText.str(v)),
                NamedFilter.of("basename", (v, a) -> {
                    String p = PythonText.str(v);
                    return p.substring(p.lastIndexOf('/') + 1);
                }),
                NamedFilter.of("dirname", (v, a) -> dirname(PythonText.str(v))),
                NamedFilter.of("expanduser", (v, a) -> {
                    String p = PythonText.str(v);
                    return p.equals("~") || p.startsWith("~/") ? System.getProperty("user.home") + p.substring(1) : p;
                }),
                NamedFilter.of("b64encode", (v, a) -> Base64.getEncoder().encodeToString(
                        PythonText.str(v).getBytes(StandardCharsets.UTF_8))),
                NamedFilter.of("b64decode", (v, a) -> {
                    try {
                        return new String(Base64.getMimeDecoder().decode(PythonText.str(v).strip()),
                                StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        throw new TemplateException("b64decode: not base64 text: " + e.getMessage(), null);
                    }
                }),
                NamedFilter.of("human_to_bytes", (v, a) -> ByteSize.parse(PythonText.str(v),
                        a.text(0, "default_unit", null), a.flag(1, "isbits", false))),
                NamedFilter.of("split", (v, a) -> split(PythonText.str(v), a.text(0, "sep", null),
                        (int) a.number(1, "maxsplit", -1))),
                NamedFilter.of("join", (v, a) -> join(v, a.text(0, "d", ""), a.text(1, "attribute", null))),
                NamedFilter.of("to_json", (v, a) -> JsonText.write(v, (int) a.number(-1, "indent", -1),
                        a.flag(-1, "sort_keys", false), a.flag(-1, "ensure_ascii", true))),
                NamedFilter.of("to_nice_json", (v, a) -> JsonText.write(v, (int) a.number(-1, "indent", 4),
                        a.flag(-1, "sort_keys", true), a.flag(-1, "ensure_ascii", true))),
                NamedFilter.of("from_json", (v, a) -> JsonText.read(PythonText.str(v))),
                NamedFilter.of("to_yaml", (v, a) -> YamlText.write(v, false, (int) a.number(-1, "indent", 2),
                        a.flag(-1, "sort_keys", true))),
                NamedFilter.of("to_nice_yaml", (v, a) -> YamlText.write(v, true, (int) a.number(-1, "indent", 4),
                        a.flag(-1, "sort_keys", true))),
                NamedFilter.of("from_yaml", (v, a) -> YamlText.read(PythonText.str(v))));
    }

    private static List<NamedFilter> regex() {
        return List.of(
                NamedFilter.of("regex_search", (v, a) -> {
                    PythonRegex re = PythonRegex.compile(a.text(0, "regex", ""), a.flag(-1, "ignorecase", false),
                            a.flag(-1, "multiline", false));
                    Matcher m = re.pattern().matcher(PythonText.str(v));
                    if (!m.find()) {
                        return null;
                    }
                    if (a.positional().size() <= 1) {
                        return m.group();
                    }
                    List<Object> out = new ArrayList<>();
                    for (Object g : a.positional().subList(1, a.positional().size())) {
                        String ref = String.valueOf(g);
                        java.util.regex.Matcher r = java.util.regex.Pattern.compile("\\\\(?:g<(\\w+)>|(\\d+))").matcher(ref);
                        if (!r.matches()) {
                            throw new TemplateException("regex_search: unknown argument '" + ref + "'",
                                    "name groups as '\\\\1' or '\\\\g<name>'");
                        }
                        out.add(re.group(m, r.group(1) != null ? r.group(1) : r.group(2)));
                    }
                    return out;
                }),
                NamedFilter.of("regex_findall", (v, a) -> {
                    PythonRegex re = PythonRegex.compile(a.text(0, "regex", ""), a.flag(-1, "ignorecase", false),
                            a.flag(-1, "multiline", false));
                    Matcher m = re.pattern().matcher(PythonText.str(v));
                    List<Object> out = new ArrayList<>();
                    while (m.find()) {
                        if (m.groupCount() == 0) {
                            out.add(m.group());
                        } else if (m.groupCount() == 1) {
                            out.add(m.group(1) == null ? "" : m.group(1));
                        } else {
                            List<Object> groups = new ArrayList<>();
                            for (int i = 1; i <= m.groupCount(); i++) {
                                groups.add(m.group(i) == null ? "" : m.group(i));
                            }
                            out.add(groups);
                        }
                    }
                    return out;
                }),
                NamedFilter.of("regex_replace", (v, a) -> {
                    PythonRegex re = PythonRegex.compile(a.text(0, "pattern", ""), a.flag(2, "ignorecase", false),
                            a.flag(3, "multiline", false));
                    String replacement = re.replacement(a.text(1, "replacement", ""));
                    long count = a.number(4, "count", 0);
                    Matcher m = re.pattern().matcher(v == null ? "" : PythonText.str(v));
                    StringBuilder out = new StringBuilder();
                    long done = 0;
                    while ((count == 0 || done < count) && m.find()) {
                        m.appendReplacement(out, replacement);
                        done++;
                    }
                    m.appendTail(out);
                    return out.toString();
                }),
                NamedFilter.of("regex_escape", (v, a) -> PythonText.str(v).replaceAll("([^A-Za-z0-9_])", "\\\\$1")));
    }

    private static List<NamedFilter> data() {
        return List.of(
                NamedFilter.of("ternary", (v, a) -> {
                    if (v == null && a.has(2, "none_val")) {
                        return a.get(2, "none_val", null);
                    }
                    return Truth.ofValue(v) ? a.get(0, "true_val", null) : a.get(1, "false_val", null);
                }),
                NamedFilter.of("combine", (v, a) -> {
                    List<Object> terms = new ArrayList<>();
                    terms.add(v);
                    for (Object t : a.positional()) {
                        if (t instanceof Collection<?> c) {
                            terms.addAll(c);
                        } else {
                            terms.add(t);
                        }
                    }
                    boolean recursive = a.flag(-1, "recursive", false);
                    String listMerge = a.text(-1, "list_merge", "replace");
                    Map<String, Object> out = new LinkedHashMap<>();
                    for (Object t : terms) {
                        out = merge(out, mapping("combine", t), recursive, listMerge);
                    }
                    return out;
                }),
                NamedFilter.of("dict2items", (v, a) -> {
                    String k = a.text(0, "key_name", "key");
                    String val = a.text(1, "value_name", "value");
                    List<Object> out = new ArrayList<>();
                    mapping("dict2items", v).forEach((key, value) -> {
                        Map<String, Object> item = new LinkedHashMap<>();
                        item.put(k, key);
                        item.put(val, value);
                        out.add(item);
                    });
                    return out;
                }),
                NamedFilter.of("items2dict", (v, a) -> {
                    String k = a.text(0, "key_name", "key");
                    String val = a.text(1, "value_name", "value");
                    Map<String, Object> out = new LinkedHashMap<>();
                    for (Object item : sequence("items2dict", v)) {
                        Map<String, Object> m = mapping("items2dict", item);
                        if (!m.containsKey(k) || !m.containsKey(val)) {
                            throw new TemplateException("items2dict: an item lacks '" + k + "' or '" + val + "': "
                                    + PythonText.repr(item), "name them with key_name= and value_name=");
                        }
                        out.put(PythonText.str(m.get(k)), m.get(val));
                    }
                    return out;
                }));
    }

    private static List<NamedFilter> lists() {
        return List.of(
                NamedFilter.of("flatten", (v, a) -> flatten(sequence("flatten", v),
                        a.has(0, "levels") && a.get(0, "levels", null) != null ? (int) a.number(0, "levels", 0) : -1,
                        a.flag(1, "skip_nulls", true))),
                NamedFilter.of("unique", (v, a) -> new ArrayList<>(new LinkedHashSet<>(sequence("unique", v)))),
                NamedFilter.of("union", (v, a) -> {
                    LinkedHashSet<Object> out = new LinkedHashSet<>(sequence("union", v));
                    out.addAll(sequence("union", a.get(0, "b", List.of())));
                    return new ArrayList<>(out);
                }),
                NamedFilter.of("intersect", (v, a) -> {
                    List<Object> other = sequence("intersect", a.get(0, "b", List.of()));
                    return new ArrayList<>(new LinkedHashSet<>(sequence("intersect", v))).stream()
                            .filter(other::contains).toList();
                }),
                NamedFilter.of("difference", (v, a) -> {
                    List<Object> other = sequence("difference", a.get(0, "b", List.of()));
                    return new ArrayList<>(new LinkedHashSet<>(sequence("difference", v))).stream()
                            .filter(x -> !other.contains(x)).toList();
                }),
                NamedFilter.of("symmetric_difference", (v, a) -> {
                    List<Object> one = sequence("symmetric_difference", v);
                    List<Object> two = sequence("symmetric_difference", a.get(0, "b", List.of()));
                    LinkedHashSet<Object> out = new LinkedHashSet<>();
                    one.stream().filter(x -> !two.contains(x)).forEach(out::add);
                    two.stream().filter(x -> !one.contains(x)).forEach(out::add);
                    return new ArrayList<>(out);
                }));
    }

    /** Jinja2's builtins where Jinjava's differ: {@code first 'abc'} is 'a', {@code list} of a mapping its keys. */
    private static List<NamedFilter> python() {
        return List.of(
                NamedFilter.of("first", (v, a) -> item(v, 0)),
                NamedFilter.of("last", (v, a) -> item(v, -1)),
                NamedFilter.of("list", (v, a) -> asList(v)),
                NamedFilter.of("int", (v, a) -> toInt(v, a.get(0, "default", 0L), (int) a.number(1, "base", 10))),
                NamedFilter.of("sort", (v, a) -> {
                    boolean caseSensitive = a.flag(1, "case_sensitive", false);
                    String attribute = a.text(2, "attribute", null);
                    java.util.function.Function<Object, Object> key = o -> {
                        Object k = attribute == null ? o : mapping("sort", o).get(attribute);
                        return !caseSensitive && k instanceof String t ? t.toLowerCase(Locale.ROOT) : k;
                    };
                    List<Object> out = new ArrayList<>(asList(v));
                    java.util.Comparator<Object> order = (x, y) -> compare(key.apply(x), key.apply(y));
                    out.sort(a.flag(0, "reverse", false) ? order.reversed() : order);
                    return out;
                }),
                NamedFilter.of("min", (v, a) -> sequence("min", v).stream().min(AnsibleFilters::compare).orElse(null)),
                NamedFilter.of("max", (v, a) -> sequence("max", v).stream().max(AnsibleFilters::compare).orElse(null)),
                NamedFilter.of("sum", (v, a) -> {
                    String attribute = a.text(0, "attribute", null);
                    Object total = Plain.of(a.get(1, "start", 0L));
                    for (Object o : sequence("sum", v)) {
                        Object n = attribute == null ? o : mapping("sum", o).get(attribute);
                        total = total instanceof Long x && n instanceof Long y ? (Object) (x + y)
                                : (Object) (number("sum", total) + number("sum", n));
                    }
                    return total;
                }));
    }

    private static Object item(Object v, int index) {
        List<Object> items = v instanceof CharSequence s ? asList(s) : sequence(index == 0 ? "first" : "last", v);
        if (items.isEmpty()) {
            return Undefined.element(index);
        }
        return items.get(index < 0 ? items.size() + index : index);
    }

    private static List<Object> asList(Object v) {
        Object p = Plain.of(v);
        if (p instanceof Map<?, ?> m) {
            return new ArrayList<>(m.keySet());
        }
        if (p instanceof CharSequence s) {
            List<Object> out = new ArrayList<>();
            s.toString().codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
            return out;
        }
        return sequence("list", p);
    }

    /** Jinja2's {@code int}: whole numbers in {@code base} ({@code 0x} allowed in base 16), else via float, else default. */
    private static Object toInt(Object v, Object otherwise, int base) {
        Object p = Plain.of(v);
        if (p instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (p instanceof Number n) {
            return n.longValue();
        }
        String s = p == null ? "" : PythonText.str(p).strip().replace("_", "");
        if (base == 16 && s.toLowerCase(Locale.ROOT).startsWith("0x")) {
            s = s.substring(2);
        } else if (base == 8 && s.toLowerCase(Locale.ROOT).startsWith("0o")) {
            s = s.substring(2);
        } else if (base == 2 && s.toLowerCase(Locale.ROOT).startsWith("0b")) {
            s = s.substring(2);
        }
        try {
            return Long.parseLong(s, base);
        } catch (NumberFormatException e) {
            try {
                return (long) Double.parseDouble(s);
            } catch (NumberFormatException e2) {
                return Plain.of(otherwise);
            }
        }
    }

    private static double number(String filter, Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new TemplateException(filter + ": expects numbers, got " + PythonText.repr(v), null);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof Comparable c && a.getClass() == b.getClass()) {
            return c.compareTo(b);
        }
        throw new TemplateException("cannot compare " + PythonText.repr(a) + " with " + PythonText.repr(b), null);
    }

    /** Ansible's {@code bool}: {@code yes, on, 1, true} (any case) and 1 are true, {@code null} stays null. */
    static Boolean bool(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() == 1;
        }
        String s = PythonText.str(v).strip().toLowerCase(Locale.ROOT);
        return s.equals("yes") || s.equals("on") || s.equals("1") || s.equals("true");
    }

    private static String dirname(String p) {
        String head = p.substring(0, p.lastIndexOf('/') + 1);
        if (!head.isEmpty() && !head.chars().allMatch(c -> c == '/')) {
            head = head.replaceAll("/+$", "");
        }
        return head;
    }

    /** Python's {@code str.split}: on runs of white space without {@code sep}, else on each {@code sep}. */
    static List<String> split(String s, String sep, int maxSplit) {
        List<String> out = new ArrayList<>();
        if (sep == null) {
            String rest = s.stripLeading();
            while (!rest.isEmpty()) {
                if (maxSplit >= 0 && out.size() == maxSplit) {
                    out.add(rest.stripTrailing());
                    return out;
                }
                int i = 0;
                while (i < rest.length() && !Character.isWhitespace(rest.charAt(i))) {
                    i++;
                }
                out.add(rest.substring(0, i));
                rest = rest.substring(i).stripLeading();
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw new TemplateException("split: empty separator", null);
        }
        int from = 0;
        int at;
        while ((maxSplit < 0 || out.size() < maxSplit) && (at = s.indexOf(sep, from)) >= 0) {
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    private static String join(Object v, String separator, String attribute) {
        List<Object> items = sequence("join", v);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                b.append(separator);
            }
            b.append(PythonText.str(attribute == null ? items.get(i) : mapping("join", items.get(i)).get(attribute)));
        }
        return b.toString();
    }

    private static List<Object> flatten(List<Object> list, int levels, boolean skipNulls) {
        List<Object> out = new ArrayList<>();
        for (Object e : list) {
            if (skipNulls && (e == null || "None".equals(e) || "null".equals(e))) {
                continue;
            }
            if (e instanceof Collection<?> c && levels != 0) {
                out.addAll(flatten(new ArrayList<>(c), levels < 0 ? -1 : levels - 1, skipNulls));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over, boolean recursive,
                                             String listMerge) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        over.forEach((k, v) -> {
            Object old = out.get(k);
            if (recursive && old instanceof Map<?, ?> om && v instanceof Map<?, ?> nm) {
                out.put(k, merge((Map<String, Object>) Plain.of(om), (Map<String, Object>) Plain.of(nm), true, listMerge));
            } else if (old instanceof Collection<?> ol && v instanceof Collection<?> nl) {
                out.put(k, mergeLists(new ArrayList<>(ol), new ArrayList<>(nl), listMerge));
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    private static List<Object> mergeLists(List<Object> old, List<Object> now, String how) {
        List<Object> out = new ArrayList<>();
        switch (how) {
            case "replace" -> out.addAll(now);
            case "keep" -> out.addAll(old);
            case "append" -> {
                out.addAll(old);
                out.addAll(now);
            }
            case "prepend" -> {
                out.addAll(now);
                out.addAll(old);
            }
            case "append_rp" -> {
                old.stream().filter(x -> !now.contains(x)).forEach(out::add);
                out.addAll(now);
            }
            case "prepend_rp" -> {
                out.addAll(now);
                old.stream().filter(x -> !now.contains(x)).forEach(out::add);
            }
            default -> throw new TemplateException("combine: unknown list_merge '" + how + "'",
                    "use replace, keep, append, prepend, append_rp or prepend_rp");
        }
        return out;
    }

    /** {@code v} as a mapping, or an error naming the filter. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mapping(String filter, Object v) {
        Object p = Plain.of(v);
        if (p instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new TemplateException(filter + ": expects a mapping, got " + kind(p) + " " + PythonText.repr(p), null);
    }

    /** {@code v} as a list (plain values, so that 1 and 1L are equal), or an error naming the filter. */
    @SuppressWarnings("unchecked")
    static List<Object> sequence(String filter, Object v) {
        Object p = Plain.of(v);
        if (p instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new TemplateException(filter + ": expects a list, got " + kind(p) + " " + PythonText.repr(p), null);
    }

    private static String kind(Object p) {
        return p == null ? "None" : p instanceof Map ? "a mapping" : p instanceof String ? "a string" : "a "
                + p.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
