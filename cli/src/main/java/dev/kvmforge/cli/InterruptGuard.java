package dev.kvmforge.cli;

import dev.kvmforge.runner.execute.RunResult;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C (SIGINT) or SIGTERM during a run. The first asks the run to stop: no new task starts, running ones may
 * finish. Those still running when the grace period has passed are ended ({@code abort}: local commands are killed
 * with their children, remote ones as a timeout kills them); the run then prints its recap and exits 99. A second
 * Ctrl-C ends them at once; a third ends the process. Should a run not get to its recap within a few seconds of
 * being ended (a login that hangs, say), the process ends with 99 all the same.
 *
 * <p>The grace period is {@value #DEFAULT_GRACE_SECONDS} seconds; the system property {@value #GRACE_PROPERTY}
 * changes it. The signals come from the command's {@link Terminal}: in process they are handled in place of the
 * JVM's shutdown (which a second Ctrl-C could not reach), and closing the guard, when the run is over, puts the
 * JVM's handling back; in the resident process they come from the client, and ending the process ends the
 * client's command only.
 */
final class InterruptGuard implements AutoCloseable {

    /** How long Ctrl-C lets running tasks go on. */
    static final long DEFAULT_GRACE_SECONDS = 10;

    /** The system property that sets the grace period, in seconds. */
    static final String GRACE_PROPERTY = "kvmforge.interrupt.grace-seconds";

    /** How long a run whose tasks were ended may take to print its recap before the process ends anyway. */
    static final Duration RECAP_WAIT = Duration.ofSeconds(5);

    private final Runnable stop;
    private final Runnable abort;
    private final Runnable flush;
    private final Terminal terminal;
    private final Duration grace;
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicBoolean aborted = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AutoCloseable signals;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kvmforge-interrupt");
        t.setDaemon(true);
        return t;
    });

    /**
     * Handles SIGINT and SIGTERM until closed.
     *
     * @param stop  asks the run to start no new task
     * @param abort ends what the run still runs
     * @param flush flushes the console before the command ends without the run's help
     * @param invocation the command: its terminal brings the signals, its grace period applies
     */
    InterruptGuard(Runnable stop, Runnable abort, Runnable flush, Invocation invocation) {
        this(stop, abort, flush, invocation.terminal(), invocation.interruptGrace());
    }

    InterruptGuard(Runnable stop, Runnable abort, Runnable flush, Terminal terminal, Duration grace) {
        this.stop = stop;
        this.abort = abort;
        this.flush = flush;
        this.terminal = terminal;
        this.grace = grace;
        this.signals = terminal.onInterrupt(this::interrupted);
    }

    /** One Ctrl-C: stop, then end the running tasks after the grace period or at the second, the process at the third. */
    void interrupted() {
        if (finished.getCount() == 0) {
            return; // the run is over; the JVM's own handling is back
        }
        int n = received.incrementAndGet();
        if (n == 1) {
            stop.run();
            later(this::abortRun, grace);
        } else if (n == 2) {
            abortRun();
        } else {
            halt();
        }
    }

    private void abortRun() {
        if (aborted.compareAndSet(false, true) && finished.getCount() > 0) {
            abort.run();
            later(this::halt, RECAP_WAIT);
        }
    }

    private void later(Runnable action, Duration delay) {
        try {
            timer.schedule(action, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // the run ended meanwhile
        }
    }

    private void halt() {
        if (finished.getCount() > 0) {
            flush.run();
            terminal.halt(RunResult.INTERRUPTED);
        }
    }

    /** The run is over (and its recap printed): Ctrl-C goes back to ending the process at once. */
    @Override
    public void close() {
        finished.countDown();
        timer.shutdownNow();
        try {
            signals.close();
        } catch (Exception e) {
            // the default handling could not be put back: nothing more to do
        }
    }

    /** The grace period the system property {@value #GRACE_PROPERTY} (seconds) sets, else the default. */
    static Duration grace(String v) {
        if (v != null) {
            try {
                double seconds = Double.parseDouble(v.strip());
                if (seconds >= 0) {
                    return Duration.ofMillis((long) (seconds * 1000));
                }
            } catch (NumberFormatException e) {
                // the default below
            }
        }
        return Duration.ofSeconds(DEFAULT_GRACE_SECONDS);
    }
}
