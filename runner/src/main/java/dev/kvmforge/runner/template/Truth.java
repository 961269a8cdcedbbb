package dev.kvmforge.runner.template;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Ansible's idea of truth for conditions: {@code yes/on/true/1} strings are true, empty things and
 * {@code no/off/false/0} false. {@link #ofValue} is Python's plain truth, which filters such as {@code ternary} use.
 */
public final class Truth {

    private Truth() {
    }

    public static boolean of(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof String s) {
            String t = s.strip().toLowerCase(Locale.ROOT);
            return !(t.isEmpty() || t.equals("false") || t.equals("no") || t.equals("off") || t.equals("0")
                    || t.equals("n") || t.equals("none"));
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    /** Python's truth: {@code None}, {@code False}, zero, and empty strings and containers are false; all else true. */
    static boolean ofValue(Object v) {
        if (v instanceof Undefined u) {
            throw u.error();
        }
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof CharSequence s) {
            return s.length() > 0;
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }
}
