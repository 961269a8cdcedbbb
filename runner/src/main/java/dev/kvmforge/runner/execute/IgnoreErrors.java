package dev.kvmforge.runner.execute;

/** {@code ignore_errors}: a failure not ignored ends the host's play (a rescue may take it up). */
final class IgnoreErrors implements TaskStage {

    @Override
    public void finish(TaskEnd end) {
        if (end.fails()) {
            end.state().failed = true;
        }
    }
}
