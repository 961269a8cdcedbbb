package dev.kvmforge.runner.modules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a task did on one host: changed or not, failed or not, a message, the values a playbook can
 * {@code register} (rc, stdout, stat...), and the diffs.
 *
 * <p>A value named {@code ansible_facts} (a map) is merged into the host's variables, as {@code set_fact} does.
 */
public record ModuleResult(boolean changed, boolean failed, String msg, Map<String, Object> values, List<Diff> diffs) {

    public ModuleResult {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        diffs = List.copyOf(diffs);
    }

    /**
     * Values in the order given ({@code key, value, key, value...}): what a task registers and {@code -v} prints keeps
     * the module's order, where {@code Map.of} would change it from one run to the next.
     */
    public static Map<String, Object> valuesInOrder(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    public static ModuleResult ok(Map<String, Object> values) {
        return new ModuleResult(false, false, null, values, List.of());
    }

    public static ModuleResult ok(String msg, Map<String, Object> values) {
        return new ModuleResult(false, false, msg, values, List.of());
    }

    public static ModuleResult changed(Map<String, Object> values) {
        return new ModuleResult(true, false, null, values, List.of());
    }

    public static ModuleResult failed(String msg, Map<String, Object> values) {
        return new ModuleResult(false, true, msg, values, List.of());
    }

    /** The result of carrying out {@code plan}: changed exactly when it had changes, with its diffs and values. */
    public static ModuleResult of(Plan plan) {
        return new ModuleResult(!plan.isEmpty(), false, null, plan.values(),
                plan.changes().stream().map(Change::diff).filter(java.util.Objects::nonNull).toList());
    }

    public ModuleResult withValues(Map<String, Object> more) {
        Map<String, Object> all = new LinkedHashMap<>(values);
        all.putAll(more);
        return new ModuleResult(changed, failed, msg, all, diffs);
    }

    public ModuleResult withChanged(boolean c) {
        return new ModuleResult(c, failed, msg, values, diffs);
    }

    public ModuleResult withFailed(boolean f, String message) {
        return new ModuleResult(changed, f, message == null ? msg : message, values, diffs);
    }
}
