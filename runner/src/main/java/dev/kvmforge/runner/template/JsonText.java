package dev.kvmforge.runner.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * JSON text as Python's {@code json.dumps} writes it, which is what {@code to_json} ({@code {"a": 1, "b": [1, 2]}}) and
 * {@code to_nice_json} (indented by 4, keys sorted) give in Ansible.
 */
final class JsonText {

    private JsonText() {
    }

    /**
     * {@code value} as JSON.
     *
     * @param indent   spaces per level, or negative for one line
     * @param sortKeys whether mapping keys are sorted
     * @param ascii    whether non-ASCII characters are written as {@code \\uXXXX} (Python's {@code ensure_ascii})
     */
    static String write(Object value, int indent, boolean sortKeys, boolean ascii) {
        StringBuilder b = new StringBuilder();
        write(b, Plain.of(value), indent, 0, sortKeys, ascii);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v, int indent, int depth, boolean sortKeys, boolean ascii) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof Boolean || v instanceof Long) {
            b.append(v);
        } else if (v instanceof Double d) {
            b.append(d.isNaN() ? "NaN" : d.isInfinite() ? (d > 0 ? "Infinity" : "-Infinity") : PythonText.repr(d));
        } else if (v instanceof Number n) {
            b.append(n);
        } else if (v instanceof Map<?, ?> m) {
            List<Object> keys = new ArrayList<>(m.keySet());
            if (sortKeys) {
                keys.sort((x, y) -> String.valueOf(x).compareTo(String.valueOf(y)));
            }
            b.append('{');
            for (int i = 0; i < keys.size(); i++) {
                separate(b, i, indent, depth + 1);
                string(b, String.valueOf(keys.get(i)), ascii);
                b.append(": ");
                write(b, m.get(keys.get(i)), indent, depth + 1, sortKeys, ascii);
            }
            close(b, '}', keys.isEmpty(), indent, depth);
        } else if (v instanceof Collection<?> c) {
            b.append('[');
            int i = 0;
            for (Object o : c) {
                separate(b, i++, indent, depth + 1);
                write(b, o, indent, depth + 1, sortKeys, ascii);
            }
            close(b, ']', c.isEmpty(), indent, depth);
        } else {
            string(b, String.valueOf(v), ascii);
        }
    }

    private static void separate(StringBuilder b, int i, int indent, int depth) {
        if (i > 0) {
            b.append(indent < 0 ? ", " : ",");
        }
        if (indent >= 0) {
            b.append('\n').append(" ".repeat(indent * depth));
        }
    }

    private static void close(StringBuilder b, char c, boolean empty, int indent, int depth) {
        if (!empty && indent >= 0) {
            b.append('\n').append(" ".repeat(indent * depth));
        }
        b.append(c);
    }

    private static void string(StringBuilder b, String s, boolean ascii) {
        b.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || ascii && c > 0x7e) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** The value of JSON text, as plain Java values. */
    static Object read(String text) {
        try {
            return Plain.of(dev.kvmforge.runner.yaml.Yaml.binder().readValue(text, Object.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TemplateException("from_json: not valid JSON: " + e.getOriginalMessage(), null);
        }
    }
}
