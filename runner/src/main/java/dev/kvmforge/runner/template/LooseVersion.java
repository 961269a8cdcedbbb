package dev.kvmforge.runner.template;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version number compared as Ansible's {@code version} test compares it by default (Python's {@code LooseVersion}):
 * runs of digits compare as numbers, runs of letters as text, a number sorts after text, and a version that has more
 * parts after an equal start is the greater ({@code 1.10 > 1.9}, {@code 2.0.1 > 2.0}).
 *
 * @param text  the version as written
 * @param parts its numbers ({@link Long}) and words ({@link String})
 */
record LooseVersion(String text, List<Object> parts) implements Comparable<LooseVersion> {

    private static final Pattern PART = Pattern.compile("\\d+|[a-zA-Z]+");

    static LooseVersion of(Object version) {
        String text = PythonText.str(version);
        List<Object> parts = new ArrayList<>();
        Matcher m = PART.matcher(text);
        while (m.find()) {
            String p = m.group();
            parts.add(Character.isDigit(p.charAt(0)) ? (Object) Long.parseLong(p) : p);
        }
        return new LooseVersion(text, List.copyOf(parts));
    }

    @Override
    public int compareTo(LooseVersion o) {
        for (int i = 0; i < Math.min(parts.size(), o.parts.size()); i++) {
            Object a = parts.get(i);
            Object b = o.parts.get(i);
            int c;
            if (a instanceof Long x && b instanceof Long y) {
                c = Long.compare(x, y);
            } else if (a instanceof String x && b instanceof String y) {
                c = x.compareTo(y);
            } else {
                c = a instanceof Long ? 1 : -1;
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(parts.size(), o.parts.size());
    }

    /**
     * Whether {@code this OP other} holds, for Ansible's operators: {@code <, lt, lessthan, <=, le, >, gt, greaterthan,
     * >=, ge, ==, =, eq, !=, <>, ne}.
     */
    boolean holds(String operator, LooseVersion other) {
        int c = compareTo(other);
        return switch (operator) {
            case "<", "lt", "lessthan" -> c < 0;
            case "<=", "le" -> c <= 0;
            case ">", "gt", "greaterthan" -> c > 0;
            case ">=", "ge" -> c >= 0;
            case "==", "=", "eq" -> c == 0;
            case "!=", "<>", "ne" -> c != 0;
            default -> throw new TemplateException("version: unknown operator '" + operator + "'",
                    "use one of <, <=, >, >=, ==, != (or lt, le, gt, ge, eq, ne)");
        };
    }
}
