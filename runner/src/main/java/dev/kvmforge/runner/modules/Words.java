package dev.kvmforge.runner.modules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Splits command lines and {@code key=value} argument strings into words as a POSIX shell would (no expansion). */
public final class Words {

    private Words() {
    }

    /** {@code echo "a b" 'c'} becomes {@code [echo, a b, c]}. An unclosed quote is an error. */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                    cur.append(line.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + (quote == '"' ? "double" : "single") + " quote in: " + line);
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }

    /**
     * Ansible's short form {@code path=/tmp/x state=touch}: the {@code key=value} words as a map; words without
     * {@code =} are joined into {@code freeFormKey} (or are an error when it is null).
     */
    public static Map<String, Object> keyValues(String line, String freeFormKey) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> free = new ArrayList<>();
        List<String> words = split(line);
        boolean kvForm = freeFormKey == null || words.stream().allMatch(w -> w.matches("[A-Za-z_][A-Za-z0-9_]*=.*"));
        for (String w : words) {
            int eq = w.indexOf('=');
            if (kvForm && eq > 0 && w.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                out.put(w.substring(0, eq), w.substring(eq + 1));
            } else if (freeFormKey != null) {
                free.add(w);
            } else {
                throw new IllegalArgumentException("'" + w + "' is not key=value");
            }
        }
        if (!free.isEmpty()) {
            out.put(freeFormKey, line);
        }
        return out;
    }
}
