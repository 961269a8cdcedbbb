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
            if (!end.outcome().failed() && values.get("ansible_facts") instanceof Map<?, ?> facts) {
                facts.forEach((k, v) -> h.runVars.put(String.valueOf(k), v));
            }
            if (end.task().register() != null) {
                h.runVars.put(end.task().register(), values);
            }
        }
    }
}
