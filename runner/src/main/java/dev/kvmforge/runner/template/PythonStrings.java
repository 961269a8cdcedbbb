package dev.kvmforge.runner.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Python's string methods, which Ansible templates call on strings ({@code name.startswith('vm-')},
 * {@code line.split(':')}, {@code '{}-{}'.format(a, b)}) and Java's strings do not have under those names.
 */
final class PythonStrings {

    private PythonStrings() {
    }

    /** The result of {@code s.method(args)}, or empty when it is not a Python string method this knows. */
    static Optional<Object> call(String s, String method, Object[] args) {
        Object[] a = args == null ? new Object[0] : args;
        Object r = switch (method) {
            case "startswith" -> prefixed(s, a[0], true);
            case "endswith" -> prefixed(s, a[0], false);
            case "upper" -> s.toUpperCase(Locale.ROOT);
            case "lower" -> s.toLowerCase(Locale.ROOT);
            case "strip" -> strip(s, a.length > 0 ? a[0] : null, true, true);
            case "lstrip" -> strip(s, a.length > 0 ? a[0] : null, true, false);
            case "rstrip" -> strip(s, a.length > 0 ? a[0] : null, false, true);
            case "split" -> split(s, a.length > 0 ? a[0] : null, a.length > 1 ? ((Number) a[1]).intValue() : -1);
            case "splitlines" -> s.isEmpty() ? List.of() : List.of(s.split("\r\n|\r|\n"));
            case "replace" -> a.length > 2 && ((Number) a[2]).intValue() >= 0
                    ? replace(s, str(a[0]), str(a[1]), ((Number) a[2]).intValue()) : s.replace(str(a[0]), str(a[1]));
            case "find" -> (long) s.indexOf(str(a[0]));
            case "rfind" -> (long) s.lastIndexOf(str(a[0]));
            case "count" -> (long) count(s, str(a[0]));
            case "join" -> join(s, a[0]);
            case "format" -> format(s, a);
            case "capitalize" -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT)
                    + s.substring(1).toLowerCase(Locale.ROOT);
            case "title" -> title(s);
            case "isdigit" -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isalpha" -> !s.isEmpty() && s.chars().allMatch(Character::isLetter);
            case "isalnum" -> !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit);
            case "isspace" -> !s.isEmpty() && s.chars().allMatch(Character::isWhitespace);
            case "islower" -> s.chars().anyMatch(Character::isLetter) && s.equals(s.toLowerCase(Locale.ROOT));
            case "isupper" -> s.chars().anyMatch(Character::isLetter) && s.equals(s.toUpperCase(Locale.ROOT));
            case "zfill" -> zfill(s, ((Number) a[0]).intValue());
            default -> null;
        };
        return Optional.ofNullable(r);
    }

    private static String str(Object o) {
        return String.valueOf(o);
    }

    /** {@code startswith}/{@code endswith} of one text or any of a list (Python's tuple). */
    private static boolean prefixed(String s, Object what, boolean start) {
        if (what instanceof Collection<?> c) {
            return c.stream().anyMatch(w -> prefixed(s, w, start));
        }
        return start ? s.startsWith(str(what)) : s.endsWith(str(what));
    }

    private static String strip(String s, Object chars, boolean left, boolean right) {
        int from = 0;
        int to = s.length();
        String set = chars == null ? null : str(chars);
        while (left && from < to && (set == null ? Character.isWhitespace(s.charAt(from)) : set.indexOf(s.charAt(from)) >= 0)) {
            from++;
        }
        while (right && to > from && (set == null ? Character.isWhitespace(s.charAt(to - 1))
                : set.indexOf(s.charAt(to - 1)) >= 0)) {
            to--;
        }
        return s.substring(from, to);
    }

    /** Python's split: at runs of blanks without a separator (no empty parts), else at each separator. */
    private static List<String> split(String s, Object sep, int max) {
        List<String> out = new ArrayList<>();
        if (sep == null) {
            String t = max < 0 ? s.strip() : s.stripLeading(); // with maxsplit, the rest keeps its blanks
            if (t.isEmpty()) {
                return out;
            }
            String[] parts = max < 0 ? t.split("\\s+") : t.split("\\s+", max + 1);
            return List.of(parts);
        }
        String d = str(sep);
        if (d.isEmpty()) {
            throw new IllegalArgumentException("empty separator");
        }
        int from = 0;
        int n = 0;
        while (max < 0 || n < max) {
            int at = s.indexOf(d, from);
            if (at < 0) {
                break;
            }
            out.add(s.substring(from, at));
            from = at + d.length();
            n++;
        }
        out.add(s.substring(from));
        return out;
    }

    private static String replace(String s, String old, String with, int count) {
        StringBuilder b = new StringBuilder();
        int from = 0;
        for (int n = 0; n < count; n++) {
            int at = s.indexOf(old, from);
            if (at < 0) {
                break;
            }
            b.append(s, from, at).append(with);
            from = at + old.length();
        }
        return b.append(s.substring(from)).toString();
    }

    private static int count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.length() + 1;
        }
        int n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    private static String join(String sep, Object items) {
        List<String> parts = new ArrayList<>();
        if (items instanceof Iterable<?> it) {
            it.forEach(x -> parts.add(str(x)));
        } else {
            str(items).chars().forEach(c -> parts.add(String.valueOf((char) c)));
        }
        return String.join(sep, parts);
    }

    /** {@code str.format} with positional fields: {@code {}}, {@code {0}}, and {@code {{}}/{@code }}} for braces. */
    private static String format(String s, Object[] args) {
        StringBuilder b = new StringBuilder();
        int auto = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                b.append('{');
                i++;
            } else if (c == '}' && i + 1 < s.length() && s.charAt(i + 1) == '}') {
                b.append('}');
                i++;
            } else if (c == '{') {
                int end = s.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("Single '{' encountered in format string");
                }
                String field = s.substring(i + 1, end);
                int index = field.isEmpty() ? auto++ : Integer.parseInt(field.strip());
                if (index >= args.length) {
                    throw new IllegalArgumentException("Replacement index " + index + " out of range for positional"
                            + " args tuple");
                }
                b.append(PythonText.str(args[index]));
                i = end;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String title(String s) {
        StringBuilder b = new StringBuilder();
        boolean start = true;
        for (char c : s.toCharArray()) {
            b.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = !Character.isLetter(c);
        }
        return b.toString();
    }

    private static String zfill(String s, int width) {
        boolean sign = s.startsWith("-") || s.startsWith("+");
        StringBuilder b = new StringBuilder(sign ? s.substring(0, 1) : "");
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(sign ? s.substring(1) : s).toString();
    }
}
