package dev.kvmforge.runner.connection;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Logins started ahead of need ({@link SshConnector#prepare}), per host, until an open of the same host with an equal
 * spec takes one (or its failure); one asked for with another spec is closed unused.
 */
final class PendingLogins {

    /** A login under way, until an open takes it. */
    private record Pending(ConnectionSpec spec, CompletableFuture<SshConnection> connection) {

        /** Closes the connection when (and if) it comes up. */
        void discard() {
            connection.thenAccept(SshConnection::close);
        }
    }

    private static final Map<String, Pending> PENDING = new ConcurrentHashMap<>();
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kvmforge-early-login");
        t.setDaemon(true);
        return t;
    });

    private PendingLogins() {
    }

    /** Starts {@code login} in the background for {@code host}, unless one is under way already. */
    static void start(String host, ConnectionSpec spec, Supplier<SshConnection> login) {
        PENDING.computeIfAbsent(host, h -> new Pending(spec, CompletableFuture.supplyAsync(login, THREADS)));
    }

    /** Runs {@code work} on a background thread of the same pool. */
    static void inBackground(Runnable work) {
        THREADS.execute(work);
    }

    /** The connection a login under way for {@code host} with {@code spec} makes (waiting for it), or empty. */
    static Optional<SshConnection> take(String host, ConnectionSpec spec) {
        Pending pending = PENDING.remove(host);
        if (pending == null) {
            return Optional.empty();
        }
        if (!pending.spec().equals(spec)) {
            pending.discard();
            return Optional.empty();
        }
        try {
            return Optional.of(pending.connection().join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Closes the pending login of {@code host}, if any, as it comes up (or not, if it fails); does not wait. */
    static void discard(String host) {
        Pending pending = PENDING.remove(host);
        if (pending != null) {
            pending.discard();
        }
    }

    /** Closes every pending login's connection as it comes up. */
    static void discardAll() {
        PENDING.keySet().forEach(h -> {
            Pending pending = PENDING.remove(h);
            if (pending != null) {
                pending.discard();
            }
        });
    }
}
