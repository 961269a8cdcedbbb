package dev.kvmforge.runner.execute;

import java.util.Map;

/**
 * {@code register}, and the facts a result sets ({@code set_fact}'s {@code ansible_facts}): the one place a task's
 * outcome becomes variables of the host.
 */
final class Registration implements TaskStage {

    @Override
    public void finish(TaskEnd end) {
        HostState h = end.state();
        Map<String, Object> values = end.outcome().values();
        synchronized (h) {
            if (!end.outcome().failed()) {
                setFacts(h, values);
            }
            if (end.task().register() != null) {
                h.runVars.put(end.task().register(), values);
            }
        }
    }

    /**
     * The facts a result sets ({@code ansible_facts}) become variables of {@code h}: at the task's end, and for a loop
     * after each item that did not fail, as Ansible applies {@code set_fact} and {@code include_vars} item by item.
     */
    static void setFacts(HostState h, Map<String, Object> values) {
        if (values.get("ansible_facts") instanceof Map<?, ?> facts) {
            synchronized (h) {
                facts.forEach((k, v) -> h.runVars.put(String.valueOf(k), v));
            }
        }
    }
}
