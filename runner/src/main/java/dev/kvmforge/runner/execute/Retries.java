package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.playbook.Task;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code until}, {@code retries} and {@code delay}: the call is made again, {@code delay} seconds apart, until the
 * condition holds or the retries are spent (then the task fails saying so); {@code attempts} is registered.
 */
final class Retries implements TaskStage {

    @Override
    public TaskOutcome execute(TaskStep step, Supplier<TaskOutcome> call) {
        Task task = step.task;
        if (task.until() == null) {
            return call.get();
        }
        TaskRunner runner = step.runner;
        int attempts = 0;
        while (true) {
            attempts++;
            TaskOutcome o = call.get();
            Map<String, Object> scope = TaskRunner.withResult(step.vars, task, o.values());
            boolean done = !o.failed() && runner.templar().isTrue(task.until(), scope);
            boolean last = done || attempts > task.retries();
            if (!last) {
                boolean noLog = Boolean.TRUE.equals(task.options().noLog());
                runner.events().on(new Event.Retrying(step.state.name(), runner.displayName(step.run, task),
                        task.location(), task.retries() - attempts + 1,
                        noLog ? Map.of("censored", ResultLines.CENSORED) : o.values()));
                runner.pause(Duration.ofSeconds(task.delay()));
            }
            if (last || runner.stopping()) {
                Map<String, Object> values = new LinkedHashMap<>(o.values());
                values.put("attempts", attempts);
                if (!done) {
                    values.put("failed", true);
                    String why = last ? "retries exhausted after " + attempts + " attempts"
                            : "the run was interrupted after " + attempts + " attempts";
                    String message = why + (o.message() == null ? "" : ": " + o.message());
                    return new TaskOutcome(o.changed(), true, message, o.changes(), values, false);
                }
                return new TaskOutcome(o.changed(), o.failed(), o.message(), o.changes(), values, false);
            }
        }
    }
}
