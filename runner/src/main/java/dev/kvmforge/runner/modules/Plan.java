package dev.kvmforge.runner.modules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a module found and would change. An empty plan means the host is already as asked: the task is {@code ok}.
 *
 * @param changes what would change, in order
 * @param values  what the module learnt while planning (returned in the result, and by check mode)
 * @param intent  the module's own record of what it found, so that {@code apply} acts on it instead of reading the
 *                host a second time; null when the module keeps none. Never shown to the operator.
 */
public record Plan(List<Change> changes, Map<String, Object> values, Object intent) {

    public Plan {
        changes = List.copyOf(changes);
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Plan(List<Change> changes, Map<String, Object> values) {
        this(changes, values, null);
    }

    /** This plan carrying {@code found} for {@code apply}. */
    public Plan withIntent(Object found) {
        return new Plan(changes, values, found);
    }

    /** What the module kept for {@code apply}, when it is of {@code type}. */
    public <T> java.util.Optional<T> intent(Class<T> type) {
        return type.isInstance(intent) ? java.util.Optional.of(type.cast(intent)) : java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return "Plan[changes=" + changes + ", values=" + values + "]";
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
        return new Plan(changes, all, intent);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }
}
