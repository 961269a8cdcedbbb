package dev.kvmforge.runner.connection;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The channels one SSH session may have open for commands, and its pool of {@link PersistentShell}s.
 *
 * <p>At most {@code limit} channels are open at once, exec channels and shells together (idle shells count), and at
 * most {@code limit - 1} of them are shells, so an interactive command always finds a channel sooner or later. A
 * slot is taken before a channel opens and given back when its channel has closed, so the server never sees more.
 * When an exec channel, or a shell of another identity, finds no free slot, an idle shell is closed to make one.
 * Shells are kept per {@linkplain PersistentShell#identityOf identity} (the login user's, and those under sudo for a
 * user and password), grow on demand and are reused most recently used first.
 */
final class SessionChannels {

    /** Opens and sets up a new shell in a slot already taken; {@code null} when shells cannot be used. */
    @FunctionalInterface
    interface ShellOpener {
        PersistentShell open() throws InterruptedException;
    }

    private final int limit;
    private final int shellLimit;
    /** Idle shells by identity ({@code ""}: the login user's). */
    private final Map<String, Deque<PersistentShell>> idle = new HashMap<>();
    /** Idle shells closed to make room for other channels, until their channels have closed. */
    private final Set<PersistentShell> evicted = new HashSet<>();
    private final Set<String> unusable = new HashSet<>();
    private int open;
    private int shells;

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
                oldest = open - evicted.size() >= limit ? evictable(null) : null;
                if (oldest == null) {
                    wait();
                    continue;
                }
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
     * A shell of {@code identity} ({@code ""}: the login user's) to run one command on: an idle one, or a new one from
     * {@code opener} when there is room, else (when {@code wait}) waiting for a command to end; closing an idle shell
     * of another identity, and waiting for that, is done either way. {@code null} when this session's host cannot
     * run such shells, or there is no room and {@code wait} is false. The shell comes back through {@link #free}
     * when its command has ended.
     */
    PersistentShell acquireShell(String identity, ShellOpener opener, boolean wait) throws InterruptedException {
        while (true) {
            PersistentShell other;
            synchronized (this) {
                if (unusable.contains(identity)) {
                    return null;
                }
                Deque<PersistentShell> mine = idle.get(identity);
                PersistentShell recent = mine == null ? null : mine.pollLast();
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
                other = open - evicted.size() >= limit || shells - evicted.size() >= shellLimit ? evictable(identity) : null;
                if (other == null) {
                    // a shell being closed frees its slot within a round trip: worth waiting for even when not
                    // waiting for room in general
                    if (!wait && evicted.isEmpty()) {
                        return null;
                    }
                    wait();
                    continue;
                }
            }
            other.discard();
        }
        PersistentShell opened = opener.open();
        if (opened == null) {
            synchronized (this) {
                unusable.add(identity);
                notifyAll();
            }
        }
        return opened;
    }

    /** The oldest idle shell not running as {@code keep}, now marked evicted; null when there is none. */
    private PersistentShell evictable(String keep) {
        for (Map.Entry<String, Deque<PersistentShell>> e : idle.entrySet()) {
            if (!e.getKey().equals(keep) && !e.getValue().isEmpty()) {
                PersistentShell oldest = e.getValue().pollFirst();
                evicted.add(oldest);
                return oldest;
            }
        }
        return null;
    }

    /** A shell's command ended and the shell can take the next one. */
    synchronized void free(PersistentShell shell) {
        if (shell.isOpen()) {
            idle.computeIfAbsent(shell.identity(), u -> new ArrayDeque<>()).addLast(shell);
        }
        notifyAll();
    }

    /** A shell's channel closed (or never opened): its slot is free again. */
    synchronized void shellClosed(PersistentShell shell) {
        Deque<PersistentShell> mine = idle.get(shell.identity());
        if (mine != null) {
            mine.remove(shell);
        }
        evicted.remove(shell);
        shells--;
        open--;
        notifyAll();
    }

    /**
     * Closes every idle shell and waits up to {@code wait} for all channels to have closed: whether none is open
     * (no command running, no shell left).
     */
    boolean closeIdle(java.time.Duration wait) {
        List<PersistentShell> closing = new ArrayList<>();
        synchronized (this) {
            idle.values().forEach(closing::addAll);
            idle.clear();
            evicted.addAll(closing);
        }
        closing.forEach(PersistentShell::discard);
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (this) {
            while (open > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** A shell's slot was taken but its channel could not even be created. */
    synchronized void shellNotCreated() {
        shells--;
        open--;
        notifyAll();
    }
}
