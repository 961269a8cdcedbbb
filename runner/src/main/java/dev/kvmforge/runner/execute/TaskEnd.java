package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.playbook.Task;

/**
 * A task's end on one host, as the finish phase sees it: what it came to, all loop items together.
 *
 * @param task    the task
 * @param state   the host
 * @param outcome what it came to (for a skipped task: skipped)
 * @param ignored whether a failure is ignored ({@code ignore_errors})
 * @param copied  whether the outcome is another host's, handed to this one: {@code run_once} runs the task on the
 *                batch's first host and gives its result to the others, which report nothing and notify nothing
 */
record TaskEnd(Task task, HostState state, TaskOutcome outcome, boolean ignored, boolean copied) {

    /** Whether the task failed here and the failure is not ignored: the host's play ends. */
    boolean fails() {
        return outcome.failed() && !ignored;
    }
}
