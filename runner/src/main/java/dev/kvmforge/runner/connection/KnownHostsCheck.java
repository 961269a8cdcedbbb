package dev.kvmforge.runner.connection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * Checks a server's host key against one known_hosts file as {@link HostKeyPolicy} says, and remembers why it refused
 * so the connector can say so. A changed key is refused under every policy; an unknown key is refused (strict),
 * recorded (accept-new) or let through without recording (off). Hashed and {@code [host]:port} entries are SSHD's.
 */
final class KnownHostsCheck extends KnownHostsServerKeyVerifier {

    /** Appends from many connections to one file must not interleave. */
    private static final Object APPEND_LOCK = new Object();

    private final HostKeyPolicy policy;
    private final AtomicReference<Refusal> refusal = new AtomicReference<>();

    /** Why a host key was refused: the operator's message and a hint. */
    record Refusal(String what, String hint) {
    }

    KnownHostsCheck(Path knownHosts, HostKeyPolicy policy) {
        super((session, address, key) -> policy != HostKeyPolicy.STRICT, knownHosts);
        this.policy = policy;
        setModifiedServerKeyAcceptor(this::refuseChangedKey);
    }

    /** Why the key was refused, if it was. */
    Optional<Refusal> refusal() {
        return Optional.ofNullable(refusal.get());
    }

    /** The key types known_hosts holds for the server under any of {@code names} on {@code port}. */
    Set<String> knownKeyTypes(List<String> names, int port) {
        Set<String> types = new HashSet<>();
        try {
            if (!Files.isRegularFile(getPath())) {
                return types;
            }
            for (KnownHostEntry entry : KnownHostEntry.readKnownHostEntries(getPath())) {
                if (entry.getMarker() != null || entry.getKeyEntry() == null) {
                    continue;
                }
                for (String name : names) {
                    if (entry.isHostMatch(name, port)) {
                        types.add(entry.getKeyEntry().getKeyType());
                        break;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the check itself will report an unreadable file
        }
        return types;
    }

    @Override
    protected boolean acceptUnknownHostKey(ClientSession session, SocketAddress address, PublicKey serverKey) {
        boolean accepted = super.acceptUnknownHostKey(session, address, serverKey);
        if (!accepted) {
            Peer peer = Peer.of(session, address);
            refuse("the host key of " + peer + " is not known: " + getPath() + " has no entry for "
                            + peer.pattern() + "; the server presents " + describe(serverKey),
                    "if this is the right host, add its key after checking the fingerprint: ssh-keyscan -p "
                            + peer.port() + " " + Shell.quote(peer.host()) + " >> " + Shell.quote(getPath().toString())
                            + " (or connect once with --host-key-policy accept-new)");
        }
        return accepted;
    }

    @Override
    protected KnownHostEntry updateKnownHostsFile(ClientSession session, SocketAddress address, PublicKey serverKey,
                                                  Path file, Collection<HostEntryPair> knownHosts) throws Exception {
        if (policy != HostKeyPolicy.ACCEPT_NEW) {
            return null;
        }
        synchronized (APPEND_LOCK) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return super.updateKnownHostsFile(session, address, serverKey, file, knownHosts);
        }
    }

    @Override
    protected boolean acceptIncompleteHostKeys(ClientSession session, SocketAddress address, PublicKey serverKey,
                                               Throwable reason) {
        if (policy == HostKeyPolicy.OFF) {
            return true;
        }
        refuse("cannot read the known hosts file " + getPath() + " to check " + Peer.of(session, address) + ": "
                        + reason.getMessage(),
                "fix or remove the broken lines, or point to another file");
        return false;
    }

    @Override
    protected void handleRevokedKey(ClientSession session, SocketAddress address, PublicKey serverKey) {
        refuse("the host key of " + Peer.of(session, address) + " (" + describe(serverKey) + ") is marked @revoked in "
                + getPath(), "the host must get a new key; do not connect to it with the revoked one");
    }

    private boolean refuseChangedKey(ClientSession session, SocketAddress address, KnownHostEntry entry,
                                     PublicKey expected, PublicKey actual) {
        Peer peer = Peer.of(session, address);
        refuse("the host key of " + peer + " HAS CHANGED: " + lineOf(entry) + " expects "
                        + describe(expected) + " but the server presents " + describe(actual)
                        + "; refusing to connect (someone may be intercepting the connection, or the host was"
                        + " reinstalled)",
                "if the change is expected, remove the old key with: ssh-keygen -R " + Shell.quote(peer.pattern())
                        + " -f " + Shell.quote(getPath().toString()) + ", then connect again");
        return false;
    }

    private void refuse(String what, String hint) {
        refusal.compareAndSet(null, new Refusal(what, hint));
    }

    /** {@code FILE line N}, found by the entry's text. */
    private String lineOf(KnownHostEntry entry) {
        String wanted = entry.getConfigLine() == null ? "" : entry.getConfigLine().strip();
        try {
            List<String> lines = Files.readAllLines(getPath(), StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int hash = line.indexOf('#');
                String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (!content.isEmpty() && content.equals(wanted)) {
                    return getPath() + " line " + (i + 1);
                }
            }
        } catch (IOException e) {
            // fall back to the file alone
        }
        return getPath().toString();
    }

    static String describe(PublicKey key) {
        return KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(key);
    }

    /** The server as the operator named it: the connect address's host string, else the socket's. */
    private record Peer(String host, int port) {

        static Peer of(ClientSession session, SocketAddress address) {
            if (address instanceof InetSocketAddress remote) {
                if (session != null && session.getConnectAddress() instanceof InetSocketAddress target
                        && target.getPort() == remote.getPort()) {
                    return new Peer(target.getHostString(), target.getPort());
                }
                return new Peer(remote.getHostString(), remote.getPort());
            }
            return new Peer(String.valueOf(address), 22);
        }

        /** The host as known_hosts writes it: {@code host} on port 22, {@code [host]:port} otherwise. */
        String pattern() {
            return port == 22 ? host : "[" + host + "]:" + port;
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
