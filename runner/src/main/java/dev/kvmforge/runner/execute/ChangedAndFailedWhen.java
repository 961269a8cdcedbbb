package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.playbook.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code changed_when} and {@code failed_when}, which see the result under the register name. */
final class ChangedAndFailedWhen implements TaskStage {

    @Override
    public TaskOutcome after(TaskStep step, TaskOutcome o) {
        Task task = step.task;
        if (task.changedWhen() == null && task.failedWhen() == null) {
            return o;
        }
        Map<String, Object> scope = TaskRunner.withResult(step.vars, task, o.values());
        boolean changed = o.changed();
        boolean failed = o.failed();
        String msg = o.message();
        if (task.changedWhen() != null) {
            changed = step.runner.templar().isTrue(task.changedWhen(), scope);
        }
        if (task.failedWhen() != null) {
            failed = step.runner.templar().isTrue(task.failedWhen(), scope);
            if (!failed) {
                msg = null;
            } else if (msg == null) {
                msg = "failed_when condition is true: " + task.failedWhen();
            }
        }
        Map<String, Object> values = new LinkedHashMap<>(o.values());
        values.put("changed", changed);
        values.put("failed", failed);
        return new TaskOutcome(changed, failed, msg, changed ? o.changes() : List.of(), values, false);
    }
}
