package dev.kvmforge.runner.yaml;

import dev.kvmforge.runner.error.SourceLocation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A YAML mapping with string keys, in the order written, with the location of every key. */
public record YamlMap(Map<String, YamlNode> entries, Map<String, SourceLocation> keyLocations, SourceLocation location)
        implements YamlNode {

    public YamlMap {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        keyLocations = Map.copyOf(keyLocations);
    }

    public Set<String> keys() {
        return entries.keySet();
    }

    public Optional<YamlNode> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Where {@code key} was written; the map's own location when the key is absent. */
    public SourceLocation keyLocation(String key) {
        return keyLocations.getOrDefault(key, location);
    }

    @Override
    public Map<String, Object> toPlain() {
        Map<String, Object> out = new LinkedHashMap<>();
        entries.forEach((k, v) -> out.put(k, v.toPlain()));
        return out;
    }

    @Override
    public String describe() {
        return "a mapping";
    }
}
