package dev.kvmforge.runner.modules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a module found and would change. An empty plan means the host is already as asked: the task is {@code ok}.
 *
 * @param changes what would change, in order
 * @param values  what the module learnt while planning (returned in the result, and by check mode)
 */
public record Plan(List<Change> changes, Map<String, Object> values) {

    public Plan {
        changes = List.copyOf(changes);
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Nothing to change. */
    public static Plan none() {
        return new Plan(List.of(), Map.of());
    }

    /** Nothing to change; these values learnt. */
    public static Plan none(Map<String, Object> values) {
        return new Plan(List.of(), values);
    }

    public static Plan of(Change... changes) {
        return new Plan(List.of(changes), Map.of());
    }

    public static Plan of(List<Change> changes) {
        return new Plan(changes, Map.of());
    }

    public Plan withValues(Map<String, Object> more) {
        Map<String, Object> all = new LinkedHashMap<>(values);
        all.putAll(more);
        return new Plan(changes, all);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }
}
