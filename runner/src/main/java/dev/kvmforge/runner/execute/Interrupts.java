package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Ctrl-C in a run: the threads working on tasks, which an abort interrupts, and waits a stopped run cuts short. */
final class Interrupts {

    private final BooleanSupplier stopping;
    /** The threads now running a module, waiting for a retry or between loop items: what {@link #abort} interrupts. */
    private final Set<Thread> working = new HashSet<>();
    private volatile boolean aborted;

    Interrupts(BooleanSupplier stopping) {
        this.stopping = stopping;
    }

    /**
     * Ends what runs now: every thread working on a task is interrupted, which kills its command as a timeout does
     * (a local process with its children, a remote command's process group); the task fails as interrupted. No task
     * work starts after this.
     */
    void abort() {
        synchronized (working) {
            aborted = true;
            working.forEach(Thread::interrupt);
        }
    }

    /**
     * Does {@code work} where {@link #abort} can interrupt it; an interruption, or whatever it makes {@code work}
     * throw, comes out as the task failing as interrupted. The interrupt never outlives {@code work}: events are
     * written after it, and an interrupted thread would close the files they go to.
     */
    <T> T interruptible(Supplier<T> work) {
        Thread self = Thread.currentThread();
        synchronized (working) {
            if (aborted) {
                throw interrupted();
            }
            working.add(self);
        }
        try {
            return work.get();
        } catch (RuntimeException e) {
            throw aborted ? interrupted() : e;
        } finally {
            synchronized (working) {
                working.remove(self);
                Thread.interrupted();
            }
        }
    }

    private static KvmforgeException interrupted() {
        return new KvmforgeException(ErrorKind.GENERAL,
                "interrupted: the run was stopped (Ctrl-C) and what the task ran was killed", null, null);
    }

    /** Waits {@code d} (between retries, between loop items); a stopped run does not wait. */
    void pause(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        interruptible(() -> {
            try {
                for (long left = d.toNanos(); left > 0 && !stopping.getAsBoolean(); left = end - System.nanoTime()) {
                    Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 100));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
    }
}
