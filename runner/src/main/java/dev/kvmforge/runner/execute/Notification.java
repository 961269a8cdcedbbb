package dev.kvmforge.runner.execute;

/** {@code notify}: a task that changed the host (and did not fail) notifies its handlers there. */
final class Notification implements TaskStage {

    @Override
    public void finish(TaskEnd end) {
        if (end.copied() || !end.outcome().changed() || end.outcome().failed()) {
            return;
        }
        HostState h = end.state();
        synchronized (h) {
            h.notified.addAll(end.task().notifyHandlers());
        }
    }
}
