package dev.kvmforge.runner.connection;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * The channels one SSH session may have open for commands, and its pool of {@link PersistentShell}s.
 *
 * <p>At most {@code limit} channels are open at once, exec channels and shells together (idle shells count), and at
 * most {@code limit - 1} of them are shells, so an interactive command always finds a channel sooner or later. A
 * slot is taken before a channel opens and given back when its channel has closed, so the server never sees more.
 * When an exec channel finds no free slot, an idle shell is closed to make one. Shells grow on demand and are
 * reused most recently used first.
 */
final class SessionChannels {

    /** Opens and sets up a new shell in a slot already taken; {@code null} when shells cannot be used. */
    @FunctionalInterface
    interface ShellOpener {
        PersistentShell open() throws InterruptedException;
    }

    private final int limit;
    private final int shellLimit;
    private final Deque<PersistentShell> idle = new ArrayDeque<>();
    /** Idle shells closed to make room for exec channels, until their channels have closed. */
    private final Set<PersistentShell> evicted = new HashSet<>();
    private int open;
    private int shells;
    private boolean shellsUnusable;

    SessionChannels(int limit) {
        this.limit = limit;
        this.shellLimit = limit - 1;
    }

    /** Takes a slot for an exec channel, waiting for one; give it back with {@link #execClosed()}. */
    void acquireExec() throws InterruptedException {
        while (true) {
            PersistentShell oldest;
            synchronized (this) {
                if (open < limit) {
                    open++;
                    return;
                }
                oldest = open - evicted.size() >= limit ? idle.pollFirst() : null;
                if (oldest == null) {
                    wait();
                    continue;
                }
                evicted.add(oldest);
            }
            oldest.discard();
        }
    }

    /** An exec channel's slot is free again. */
    synchronized void execClosed() {
        open--;
        notifyAll();
    }

    /**
     * A shell to run one command on: an idle one, or a new one from {@code opener} when there is room, waiting
     * otherwise. {@code null} when this session's host cannot run shells. The shell comes back through
     * {@link #free} when its command has ended.
     */
    PersistentShell acquireShell(ShellOpener opener) throws InterruptedException {
        synchronized (this) {
            while (true) {
                if (shellsUnusable) {
                    return null;
                }
                PersistentShell recent = idle.pollLast();
                if (recent != null) {
                    if (recent.isOpen()) {
                        return recent;
                    }
                    continue;
                }
                if (open < limit && shells < shellLimit) {
                    open++;
                    shells++;
                    break;
                }
                wait();
            }
        }
        PersistentShell opened = opener.open();
        if (opened == null) {
            synchronized (this) {
                shellsUnusable = true;
                notifyAll();
            }
        }
        return opened;
    }

    /** A shell's command ended and the shell can take the next one. */
    synchronized void free(PersistentShell shell) {
        if (shell.isOpen()) {
            idle.addLast(shell);
        }
        notifyAll();
    }

    /** A shell's channel closed (or never opened): its slot is free again. */
    synchronized void shellClosed(PersistentShell shell) {
        idle.remove(shell);
        evicted.remove(shell);
        shells--;
        open--;
        notifyAll();
    }

    /** A shell's slot was taken but its channel could not even be created. */
    synchronized void shellNotCreated() {
        shells--;
        open--;
        notifyAll();
    }
}
