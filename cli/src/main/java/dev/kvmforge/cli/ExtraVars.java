package dev.kvmforge.cli;

import dev.kvmforge.runner.connection.Controller;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.yaml.Yaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code -e} option, as ansible-playbook reads it: {@code -e 'key=value other="a b"'} (values are strings),
 * {@code -e @vars.yml} (a YAML or JSON file), or {@code -e '{"key": [1, 2]}'} (inline JSON or YAML). Given
 * several times, later ones override earlier ones key by key.
 */
final class ExtraVars {

    private ExtraVars() {
    }

    /** All {@code -e} values merged in order; an {@code @FILE} as given in {@code controller}'s shell. */
    static Map<String, Object> parse(List<String> values, Controller controller) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String v : values) {
            out.putAll(one(v, controller));
        }
        return out;
    }

    private static Map<String, Object> one(String value, Controller controller) {
        String v = value.strip();
        if (v.isEmpty()) {
            return Map.of();
        }
        if (v.startsWith("@")) {
            Path file = controller.resolve(v.substring(1));
            return mapping(Yaml.read(file).toPlain(), "the extra vars file " + file);
        }
        if (v.startsWith("{")) {
            Object parsed;
            try {
                parsed = Yaml.read(v, "-e").toPlain();
            } catch (KvmforgeException e) {
                throw KvmforgeException.options("invalid extra vars '" + value + "': " + e.what(),
                        "inline extra vars are JSON or YAML, such as -e '{\"disk_size\": \"20G\"}'");
            }
            return mapping(parsed, "extra vars '" + value + "'");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String word : words(value)) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw KvmforgeException.options("invalid extra vars '" + value + "': '" + word
                        + "' is not KEY=VALUE", "write -e key=value, -e @file.yml or -e '{\"key\": \"value\"}'");
            }
            String key = word.substring(0, eq);
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw KvmforgeException.options("invalid variable name '" + key + "' in -e",
                        "a variable name is letters, digits and underscores, not starting with a digit");
            }
            out.put(key, word.substring(eq + 1));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Object parsed, String what) {
        if (!(parsed instanceof Map<?, ?> m)) {
            throw KvmforgeException.options(what + " must be a mapping of names to values",
                    "write key: value pairs, or a JSON object");
        }
        return (Map<String, Object>) m;
    }

    /** Splits at blanks outside quotes; quotes are removed and a backslash keeps the next character. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && quote != '\'') {
                word.append(s.charAt(++i));
                inWord = true;
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw KvmforgeException.options("unbalanced quote in extra vars: " + s, "close the " + quote + " quote");
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }
}
