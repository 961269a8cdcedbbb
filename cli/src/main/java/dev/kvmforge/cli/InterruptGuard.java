package dev.kvmforge.cli;

import dev.kvmforge.runner.execute.RunResult;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C during a run: a shutdown hook asks the run to stop, waits up to ten seconds for it to finish and print the
 * recap, then ends the process with exit code 99. Closed when the run is over, which removes the hook.
 */
final class InterruptGuard implements AutoCloseable {

    /** How long Ctrl-C waits for running tasks and the recap. */
    static final long GRACE_SECONDS = 10;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    /** Installs the hook; {@code stop} is called on Ctrl-C (or SIGTERM). */
    InterruptGuard(Runnable stop, Runnable flush) {
        hook = new Thread(() -> {
            stop.run();
            try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            flush.run();
            Runtime.getRuntime().halt(RunResult.INTERRUPTED);
        }, "kvmforge-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The run is over (and its recap printed): a pending Ctrl-C may end the process now. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it ends the process with 99
        }
    }
}
