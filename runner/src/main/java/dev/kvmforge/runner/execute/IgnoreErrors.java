package dev.kvmforge.runner.execute;

/** {@code ignore_errors}: a failure not ignored ends the host's play (a rescue may take it up). */
final class IgnoreErrors implements TaskStage {

    @Override
    public void finish(TaskEnd end) {
        if (end.fails()) {
            HostState h = end.state();
            synchronized (h) {
                h.failed = true;
                h.failedTask = java.util.Map.of("name", end.task().name(), "action", end.task().moduleName());
                h.failedResult = end.outcome().values();
            }
        }
    }
}
