package dev.kvmforge.runner.execute;

import java.util.function.Supplier;

/**
 * What one family of task keywords does to a task's run on one host, in phases, as JUnit's {@code Node} lays out a
 * test's lifecycle: each stage overrides only the phases it takes part in, and {@link TaskStages} drives them all, in
 * the order of its one list.
 *
 * <ol>
 *   <li>{@link #prepare}: shape the call before anything runs (the host view: become, environment, timeout, output;
 *       check mode);</li>
 *   <li>{@link #skips}: whether the task (or loop item) does not run at all ({@code when});</li>
 *   <li>{@link #execute}: around the module call (retries until a condition holds);</li>
 *   <li>{@link #after}: judge what the call came to ({@code changed_when}, {@code failed_when});</li>
 *   <li>{@link #finish}: once the task ended on the host, all loop items together (or was skipped), make its outcome
 *       count: {@code ignore_errors}, {@code register}, {@code notify}.</li>
 * </ol>
 */
interface TaskStage {

    /** Shapes the call: sets what {@code step} will run with. */
    default void prepare(TaskStep step) {
    }

    /** Whether the step is skipped, before anything runs. */
    default boolean skips(TaskStep step) {
        return false;
    }

    /** Runs {@code call} (the module call and the after phase), perhaps more than once. */
    default TaskOutcome execute(TaskStep step, Supplier<TaskOutcome> call) {
        return call.get();
    }

    /** What the outcome becomes once this stage has judged it. */
    default TaskOutcome after(TaskStep step, TaskOutcome outcome) {
        return outcome;
    }

    /** What the task's end does to the host's state. */
    default void finish(TaskEnd end) {
    }
}
