package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.playbook.Task;
import dev.kvmforge.runner.yaml.AnsibleBoolean;
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
                setFacts(h, end.task(), values);
            }
            if (end.task().register() != null) {
                h.runVars.put(end.task().register(), values);
            }
        }
    }

    /**
     * The facts a result sets ({@code ansible_facts}) become variables of {@code h}: at the task's end, and for a loop
     * after each item that did not fail, as Ansible applies {@code set_fact} and {@code include_vars} item by item.
     * Each goes where Ansible puts it: set_fact's with the registered results (and with the facts too when
     * {@code cacheable}), include_vars' at their own level, any other module's (setup...) with the facts.
     */
    static void setFacts(HostState h, Task task, Map<String, Object> values) {
        if (!(values.get("ansible_facts") instanceof Map<?, ?> facts)) {
            return;
        }
        String module = task.module() == null ? "" : task.module().name();
        boolean setFact = module.equals("set_fact");
        boolean cacheable = setFact && Boolean.TRUE.equals(AnsibleBoolean.of(String.valueOf(task.args()
                .get("cacheable"))));
        synchronized (h) {
            Map<String, Object> into = setFact ? h.runVars : module.equals("include_vars") ? h.includedVars : h.facts;
            facts.forEach((k, v) -> into.put(String.valueOf(k), v));
            if (cacheable) {
                facts.forEach((k, v) -> h.facts.put(String.valueOf(k), v));
            }
        }
    }
}
