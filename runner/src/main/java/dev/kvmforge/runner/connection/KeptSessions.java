package dev.kvmforge.runner.connection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * SSH sessions kept logged in between runs, for a process that serves many runs (the CLI's resident process): a run's
 * {@link SshConnector} takes a kept session instead of logging in, and gives its sessions back at its end instead of
 * closing them.
 *
 * <p>A session is taken again only for a login just like the one that made it: the same destination, user,
 * identity files, password and passphrase, host key policy, and known_hosts, OpenSSH client config and key files
 * with the same content as then (a run with another known_hosts, or the file changed, logs in afresh and checks the
 * host key again), and only after the server has answered a keepalive. A session comes back only with nothing running on it: every shell and
 * command channel closed, the root shells under sudo first of all; one with a channel still open is closed
 * instead. Kept sessions run nothing; each is closed when it has been kept unused for the idle time, and all on
 * {@link #close()}.
 */
public final class KeptSessions implements AutoCloseable {

    /** How long a kept session may take to answer the keepalive that proves it alive before it is taken again. */
    static final Duration ALIVE_TIMEOUT = Duration.ofSeconds(2);

    /** What a login is made of, as far as a later run may take its session: its spec and its files' content. */
    record LoginKey(ConnectionSpec spec, String filesDigest) {
    }

    /** A session logged in and not in use. */
    record Kept(ClientSession session, SshDestination destination, Instant since) {
    }

    /** What {@code kvmforge daemon status} shows of one kept session (no secret in it). */
    public record Summary(String destination, Instant idleSince) {
    }

    private final Duration idle;
    private final Map<LoginKey, Deque<Kept>> kept = new HashMap<>();
    private boolean closed;

    /** A store whose sessions are closed after {@code idle} unused. */
    public KeptSessions(Duration idle) {
        this.idle = idle;
    }

    /**
     * The key of a login with {@code spec} now: the files it reads as they are now (known_hosts, the OpenSSH client
     * config that may change the destination, user or keys, and the key files).
     */
    static LoginKey keyOf(ConnectionSpec spec, Path knownHosts) {
        StringBuilder files = new StringBuilder(digest(knownHosts));
        String home = System.getProperty("user.home");
        files.append(' ').append(digest(spec.sshConfig() != null ? spec.sshConfig() : Path.of(home, ".ssh", "config")));
        List<Path> keys = spec.identityFiles().isEmpty()
                ? List.of(Path.of(home, ".ssh", "id_ed25519"), Path.of(home, ".ssh", "id_ecdsa"),
                        Path.of(home, ".ssh", "id_rsa"))
                : spec.identityFiles();
        keys.forEach(k -> files.append(' ').append(digest(k)));
        return new LoginKey(spec, files.toString());
    }

    /** Whether a session for {@code key} is kept (not checked for being alive). */
    synchronized boolean holds(LoginKey key) {
        Deque<Kept> sessions = kept.get(key);
        return sessions != null && !sessions.isEmpty();
    }

    /** A kept session for {@code key} that the server still answers on, or null. */
    Kept take(LoginKey key) {
        while (true) {
            Kept k;
            synchronized (this) {
                Deque<Kept> sessions = kept.get(key);
                k = sessions == null ? null : sessions.pollLast();
                if (sessions != null && sessions.isEmpty()) {
                    kept.remove(key);
                }
            }
            if (k == null) {
                return null;
            }
            if (alive(k.session())) {
                return k;
            }
            k.session().close(true);
        }
    }

    /** Keeps {@code session}, on which nothing runs, for a later login with {@code key}; closes it when closed. */
    void keep(LoginKey key, ClientSession session, SshDestination destination) {
        synchronized (this) {
            if (!closed && session.isOpen()) {
                kept.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(new Kept(session, destination, Instant.now()));
                return;
            }
        }
        session.close(true);
    }

    /** Closes the sessions kept unused for longer than the idle time. */
    public void closeIdle() {
        Instant oldest = Instant.now().minus(idle);
        List<ClientSession> expired = new ArrayList<>();
        synchronized (this) {
            kept.values().forEach(sessions -> sessions.removeIf(k -> {
                boolean old = k.since().isBefore(oldest) || !k.session().isOpen();
                if (old) {
                    expired.add(k.session());
                }
                return old;
            }));
            kept.values().removeIf(Deque::isEmpty);
        }
        expired.forEach(s -> s.close(true));
    }

    /** The sessions kept now, oldest first. */
    public synchronized List<Summary> summary() {
        List<Summary> all = new ArrayList<>();
        kept.values().forEach(sessions -> sessions.forEach(k -> all.add(new Summary(k.destination().toString(),
                k.since()))));
        all.sort(java.util.Comparator.comparing(Summary::idleSince));
        return all;
    }

    /** Closes every kept session; later sessions given back are closed at once. */
    @Override
    public void close() {
        List<Kept> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            kept.values().forEach(all::addAll);
            kept.clear();
        }
        all.forEach(k -> k.session().close(true));
    }

    /** Whether the server answers a keepalive request on {@code session} (a refusal is an answer too). */
    private static boolean alive(ClientSession session) {
        if (!session.isOpen() || session.isClosing()) {
            return false;
        }
        try {
            Buffer request = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST, 32);
            request.putString("keepalive@openssh.com");
            request.putBoolean(true);
            session.request("keepalive@openssh.com", request, ALIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return session.isOpen();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String digest(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return "none";
        } catch (IOException e) {
            return "unreadable " + e.getMessage();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
