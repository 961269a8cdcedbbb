package dev.kvmforge.runner.execute;

import java.time.Duration;

/** {@code timeout}: each command the task runs is killed after that many seconds. */
final class CommandTimeout implements TaskStage {

    @Override
    public void prepare(TaskStep step) {
        if (step.task.timeout() > 0) {
            step.host = step.host.withTimeout(Duration.ofSeconds(step.task.timeout()));
        }
    }
}
