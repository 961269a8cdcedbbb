package dev.kvmforge.runner.connection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A way to run shell commands on one machine. Implementations: {@link LocalConnection} and the SSH one.
 *
 * <p>A connection is opened once per host for the whole run; {@link #start(String, boolean)} may be called from
 * several threads at once.
 */
public interface Connection extends AutoCloseable {

    /**
     * Starts {@code command} with {@code /bin/sh -c} semantics on the machine.
     *
     * <p>{@code interactive} says whether the caller must write to the command's stdin while it runs (to answer
     * sudo's prompt, say). When it is false the caller writes all of the input and closes stdin before it waits for
     * the command, and the connection may hold the command back until then: over SSH such commands run on a shell
     * kept open for them, much faster than on an exec channel each. {@link CommandRunner} decides this flag.
     */
    RemoteProcess start(String command, boolean interactive);

    /**
     * Starts {@code command} as {@code become.user()} on a shell under sudo kept open for that user, with all of its
     * input; {@code null} when this connection keeps no such shells, or the host cannot run one: then the caller runs
     * the command under sudo itself. {@link CommandRunner} decides when to ask.
     *
     * @throws dev.kvmforge.runner.error.KvmforgeException when sudo refuses the password, or asks for one and there
     *                                                     is none
     */
    default RemoteProcess startBecome(String command, ExecRequest.Become become, byte[] stdin) {
        return null;
    }

    /** What this connection reaches, for messages: {@code local}, {@code ssh://user@host:port}. */
    String describe();

    /** Whether the login user on the other end is root (decides if become needs sudo at all). */
    boolean isRoot();

    @Override
    void close();

    /**
     * Starts closing and returns at once; the stage completes when the connection is closed, within a bound of the
     * connection's own. A fleet closes its connections together with {@link #closeAll}, not each host in turn.
     */
    default CompletionStage<Void> startClose() {
        close();
        return CompletableFuture.completedFuture(null);
    }

    /** Closes {@code connections} together: all are asked to close, then awaited. Best effort: failures are ignored. */
    static void closeAll(Collection<? extends Connection> connections) {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Connection c : connections) {
            try {
                closing.add(c.startClose().toCompletableFuture());
            } catch (RuntimeException e) {
                // closing is best effort
            }
        }
        closing.forEach(closed -> closed.exceptionally(e -> null).join());
    }
}
