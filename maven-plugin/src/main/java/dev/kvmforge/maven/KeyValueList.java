package dev.kvmforge.maven;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map written on one line, as a user property takes it: {@code key=value,key2=value2}. A comma inside a value is
 * written {@code \,}; blanks around keys and values are dropped. Values are strings, as {@code kvmforge run -e
 * key=value} makes them.
 */
final class KeyValueList {

    private KeyValueList() {
    }

    /** The pairs of {@code text} in order; empty for null or blank. */
    static Map<String, String> parse(String parameter, String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == ',') {
                part.append(',');
                i++;
            } else if (c == ',') {
                pair(parameter, part.toString(), out);
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        pair(parameter, part.toString(), out);
        return out;
    }

    private static void pair(String parameter, String part, Map<String, String> out) {
        if (part.isBlank()) {
            return;
        }
        int eq = part.indexOf('=');
        String key = eq < 0 ? part.strip() : part.substring(0, eq).strip();
        if (eq < 0 || !key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException(parameter + ": '" + part.strip() + "' is not NAME=VALUE: write "
                    + "name=value,other=value (a variable name is letters, digits and underscores)");
        }
        out.put(key, part.substring(eq + 1).strip());
    }
}
