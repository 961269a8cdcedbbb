package dev.kvmforge.runner.execute;

/** {@code check_mode} on the task, else {@code --check}: whether the module only plans. */
final class CheckMode implements TaskStage {

    @Override
    public void prepare(TaskStep step) {
        Boolean own = step.task.options().checkMode();
        step.check = own != null ? own : step.runner.options().check();
    }
}
