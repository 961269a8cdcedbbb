package dev.kvmforge.runner.execute;

/** {@code when}: the task (or loop item) runs only where its conditions hold. */
final class WhenCondition implements TaskStage {

    @Override
    public boolean skips(TaskStep step) {
        return !step.runner.templar().isTrue(step.task.options().when(), step.vars);
    }
}
