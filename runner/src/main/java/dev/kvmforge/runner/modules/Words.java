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
     * Ansible's short form {@code path=/tmp/x state=touch} as a map. For a module with a free-form parameter
     * ({@code command: chdir=/tmp ls -l}), only words naming one of {@code keys} are taken out; the rest of the text,
     * as written, goes to {@code freeFormKey}. Without one, every word must be {@code key=value}.
     */
    public static Map<String, Object> keyValues(String line, String freeFormKey, java.util.Set<String> keys) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (freeFormKey == null) {
            for (String w : split(line)) {
                int eq = w.indexOf('=');
                if (eq <= 0 || !w.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("'" + w + "' is not key=value");
                }
                out.put(w.substring(0, eq), w.substring(eq + 1));
            }
            return out;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?:^|\\s)([a-z_]+)=(\"[^\"]*\"|'[^']*'|\\S+)").matcher(line);
        StringBuilder rest = new StringBuilder();
        int last = 0;
        while (m.find()) {
            String key = m.group(1);
            if (!keys.contains(key) || key.equals(freeFormKey)) {
                continue;
            }
            rest.append(line, last, m.start());
            String value = m.group(2);
            out.put(key, split(value).isEmpty() ? "" : split(value).get(0));
            last = m.end();
        }
        rest.append(line.substring(last));
        String text = rest.toString().strip();
        if (!text.isEmpty()) {
            out.put(freeFormKey, text);
        }
        return out;
    }
}
