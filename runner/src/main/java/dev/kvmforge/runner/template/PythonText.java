package dev.kvmforge.runner.template;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/**
 * Values printed as Python prints them, since Ansible templates are Jinja2 on Python: {@code True}, {@code None},
 * {@code ['a', 1]}, {@code {'k': 'v'}}. Used for {@code {{ }}} in text, {@code string} and {@code join}.
 */
final class PythonText {

    private PythonText() {
    }

    /** Python's {@code str(v)}: strings as they are, everything else as {@link #repr}. */
    static String str(Object v) {
        if (v instanceof Undefined u) {
            throw u.error();
        }
        if (v instanceof CharSequence s) {
            return s.toString();
        }
        return repr(v);
    }

    /** Python's {@code repr(v)}: strings quoted, containers with their items' reprs. */
    static String repr(Object v) {
        if (v instanceof Undefined u) {
            throw u.error();
        }
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof CharSequence s) {
            return quoted(s.toString());
        }
        if (v instanceof Double || v instanceof Float) {
            return decimal(((Number) v).doubleValue());
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (b.length() > 1) {
                    b.append(", ");
                }
                b.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
            }
            return b.append('}').toString();
        }
        if (v instanceof Collection<?> c) {
            StringBuilder b = new StringBuilder("[");
            for (Object o : c) {
                if (b.length() > 1) {
                    b.append(", ");
                }
                b.append(repr(o));
            }
            return b.append(']').toString();
        }
        if (v instanceof Object[] a) {
            return repr(java.util.Arrays.asList(a));
        }
        return v.toString();
    }

    private static String quoted(String s) {
        char q = s.contains("'") && !s.contains("\"") ? '"' : '\'';
        StringBuilder b = new StringBuilder().append(q);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c == q) {
                        b.append('\\');
                    }
                    b.append(c);
                }
            }
        }
        return b.append(q).toString();
    }

    private static String decimal(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        double abs = Math.abs(d);
        if (abs != 0 && (abs < 1e-4 || abs >= 1e16)) {
            return Double.toString(d).replace("E", "e");
        }
        String plain = new BigDecimal(Double.toString(d)).toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
