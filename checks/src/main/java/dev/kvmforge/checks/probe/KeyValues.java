package dev.kvmforge.checks.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code key=value} lines as probes print them; a key may repeat. */
record KeyValues(Map<String, List<String>> values) {

    static KeyValues parse(String text) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
            }
        }
        return new KeyValues(m);
    }

    String first(String key, String otherwise) {
        List<String> v = values.get(key);
        return v == null || v.isEmpty() ? otherwise : v.get(0);
    }

    List<String> all(String key) {
        return values.getOrDefault(key, List.of());
    }

    boolean has(String key) {
        return values.containsKey(key);
    }
}
