package dev.kvmforge.runner.connection;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.ConfigFileHostEntryResolver;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSession.ClientSessionEvent;

/**
 * Opens SSH connections with Apache SSHD: one session per host kept until {@link #close()}, on the JVM's one client
 * ({@link SharedSshClient}: assembly and algorithm choices), each login carrying its {@link SshLogin} (host key policy
 * through {@link KnownHostsCheck}, identities through {@link LoginKeys}, ProxyJump hops), logins started ahead of need
 * waiting in {@link PendingLogins}.
 *
 * <p>On {@link #open}: the OpenSSH client config ({@link ConnectionSpec#sshConfig()}, else {@code ~/.ssh/config})
 * supplies {@code HostName}, {@code Port}, {@code User}, {@code IdentityFile} and {@code ProxyJump} where the spec
 * leaves them open; the host key is checked against known_hosts as {@link HostKeyPolicy} says (a changed key is
 * always refused); then the user logs in with the keys (see {@link LoginKeys}) and the password, if any. Every
 * failure is an {@link UnreachableException} saying what happened to which {@code user@host:port}, with a hint; no
 * message carries a password or passphrase.
 */
public final class SshConnector implements Connector {

    private static final Map<Path, HostConfigEntryResolver> CONFIGS = new ConcurrentHashMap<>();

    private final List<SshConnection> opened = new CopyOnWriteArrayList<>();
    private final KeptSessions kept;

    /** A connector; the shared SSH client starts with the first connection. */
    public SshConnector() {
        this(null);
    }

    /**
     * A connector that takes its sessions from {@code kept} where it can and gives them back there when closed;
     * {@code null}: one that logs in for every connection and logs out when closed.
     */
    public SshConnector(KeptSessions kept) {
        this.kept = kept;
    }

    /**
     * Starts logging in to {@code hostName} in the background while the caller goes on (reading the inventory, a
     * playbook, the checks); the next {@link #open} of the same host with an equal spec, by any connector, takes that
     * connection, or its failure. One with another spec is closed unused. Local specs are ignored. Call only for hosts
     * the run will connect to: a login is a login.
     */
    public static void prepare(String hostName, ConnectionSpec spec) {
        prepare(hostName, spec, null);
    }

    /** As {@link #prepare(String, ConnectionSpec)}, but not for a host whose login {@code kept} holds a session of. */
    public static void prepare(String hostName, ConnectionSpec spec, KeptSessions kept) {
        if (spec.isLocal() || kept != null && kept.holds(KeptSessions.keyOf(spec, knownHosts(spec)))) {
            return;
        }
        PendingLogins.start(hostName, spec, () -> logIn(hostName, spec, c -> { }));
    }

    /**
     * Sets the shared SSH client up in a background thread (its security providers, algorithms and I/O threads; no
     * host is contacted), so that a login soon after does not wait for that.
     */
    public static void warmUp() {
        PendingLogins.inBackground(SharedSshClient::get);
    }

    @Override
    public Connection open(String hostName, ConnectionSpec spec) {
        KeptSessions.LoginKey key = kept == null ? null : KeptSessions.keyOf(spec, knownHosts(spec));
        KeptSessions.Kept session = key == null ? null : kept.take(key);
        if (session != null) {
            PendingLogins.discard(hostName); // a login started ahead of need, not needed: closed when it comes up
            return opened(new SshConnection(session.session(), hostName, session.destination(), this::forget), key);
        }
        Optional<SshConnection> early = PendingLogins.take(hostName, spec);
        if (early.isPresent()) {
            return opened(early.get(), key);
        }
        return opened(logIn(hostName, spec, this::forget), key);
    }

    private SshConnection opened(SshConnection connection, KeptSessions.LoginKey key) {
        opened.add(connection);
        if (key != null) {
            connection.keepIn(session -> {
                if (key.equals(KeptSessions.keyOf(key.spec(), knownHosts(key.spec())))) {
                    kept.keep(key, session, connection.destination());
                } else {
                    session.close(true); // known_hosts changed during the run (accept-new, say): not kept
                }
            });
        }
        return connection;
    }

    private void forget(SshConnection connection) {
        opened.remove(connection);
    }

    private static Path knownHosts(ConnectionSpec spec) {
        return spec.knownHosts() != null ? spec.knownHosts()
                : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }

    private static SshConnection logIn(String hostName, ConnectionSpec spec, Consumer<SshConnection> onClose) {
        SshDestination destination = destination(hostName, spec);
        LoginKeys keys = LoginKeys.load(spec, destination, hostName);
        KnownHostsCheck hostKeys = new KnownHostsCheck(knownHosts(spec), spec.hostKeyPolicy());
        HostConfigEntryResolver config = config(spec.sshConfig(), hostName);
        SshLogin login = new SshLogin(spec, destination, hostKeys, keys, config, hops(destination, config));
        ClientSession session = null;
        boolean done = false;
        try {
            session = connect(hostName, spec, login);
            authenticate(hostName, spec, login, session);
            SshConnection connection = new SshConnection(session, hostName, destination, onClose);
            done = true;
            return connection;
        } finally {
            if (!done && session != null) {
                session.close(true);
            }
        }
    }

    /**
     * Closes every connection this connector opened (with kept sessions: gives back those on which nothing runs any
     * more); the shared client stays for the next connector.
     */
    @Override
    public void close() {
        List<SshConnection> all = new ArrayList<>(opened);
        opened.clear();
        Connection.closeAll(all);
        LoginKeys.forget();
    }

    /**
     * Closes, as they come up, the logins started ahead of need that no run took (a run ended or cancelled before
     * it opened its hosts): a process that serves many runs calls it at the end of each.
     */
    public static void discardPendingLogins() {
        PendingLogins.discardAll();
    }

    /**
     * Stops the shared SSH client, its connections and its I/O threads; the next {@link #open} starts another.
     * Call it before the JVM exits: while a thread waits in native I/O, Java 17 holds {@code System.exit} for
     * up to 300 ms.
     */
    public static void shutdown() {
        LoginKeys.forget();
        PendingLogins.discardAll();
        SharedSshClient.stop();
    }

    private static SshDestination destination(String hostName, ConnectionSpec spec) {
        try {
            return SshDestination.resolve(spec, config(spec.sshConfig(), hostName));
        } catch (IOException | RuntimeException e) {
            if (e instanceof UnreachableException u) {
                throw u;
            }
            Path file = spec.sshConfig() != null ? spec.sshConfig() : defaultConfig();
            throw new UnreachableException("cannot read the ssh client config " + file + ": " + e.getMessage(),
                    hostName, "fix the file, or point to another one", e);
        }
    }

    /** TCP connect and key exchange, within the connect timeout. */
    private static ClientSession connect(String hostName, ConnectionSpec spec, SshLogin login) {
        SshDestination to = login.destination();
        String via = to.proxyJump() == null ? "" : " (through ProxyJump " + to.proxyJump() + ")";
        SshClient ssh = SharedSshClient.get(); // its first start (providers, I/O threads) is not the network's time
        long deadline = System.nanoTime() + spec.connectTimeout().toNanos();
        ConnectFuture future;
        try {
            future = ssh.connect(to.toEntry(), login.asContext(), null);
            if (!future.await(spec.connectTimeout())) {
                future.cancel();
                throw new UnreachableException("cannot connect to " + to.address() + via + ": no answer within "
                        + seconds(spec.connectTimeout()), hostName,
                        "check the address and port, and that no firewall drops port " + to.port()
                                + "; raise -T/--timeout or ansible_ssh_timeout for a slow network", null);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UnreachableException u) {
                throw u;
            }
            throw refusedOr(login, hostName, connectFailure(hostName, to, via, spec, e));
        }
        if (future.getException() != null) {
            throw refusedOr(login, hostName, connectFailure(hostName, to, via, spec, future.getException()));
        }
        ClientSession session = future.getSession();
        // at least 1 ms: SSHD waits without a limit for a timeout under 1 ms (it counts whole milliseconds)
        long leftMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        Set<ClientSessionEvent> state = session.waitFor(
                EnumSet.of(ClientSessionEvent.WAIT_AUTH, ClientSessionEvent.CLOSED), Duration.ofMillis(leftMillis));
        if (state.contains(ClientSessionEvent.WAIT_AUTH) && session.isOpen()) {
            return session;
        }
        session.close(true);
        if (state.contains(ClientSessionEvent.CLOSED)) {
            throw refusedOr(login, hostName, new UnreachableException("the SSH handshake with " + to.address() + via
                    + " failed: the server closed the connection", hostName,
                    "check that an SSH server listens on port " + to.port() + " and accepts this client", null));
        }
        throw new UnreachableException("no SSH handshake from " + to.address() + via + " within "
                + seconds(spec.connectTimeout()) + ": the port answers but the server does not", hostName,
                "check that an SSH server (not another service) listens on port " + to.port()
                        + ", or that the host is not overloaded; raise -T/--timeout or ansible_ssh_timeout for a "
                        + "slow network", null);
    }

    /** Offers the keys, then the password, within the auth timeout. */
    private static void authenticate(String hostName, ConnectionSpec spec, SshLogin login, ClientSession session) {
        SshDestination to = login.destination();
        List<String> tried = new ArrayList<>(login.keys().offered());
        if (spec.password() != null) {
            session.addPasswordIdentity(spec.password().reveal());
            tried.add("password");
        }
        AuthFuture auth;
        try {
            auth = session.auth();
            if (!auth.await(spec.authTimeout())) {
                throw new UnreachableException("login as " + to + " did not finish within "
                        + seconds(spec.authTimeout()), hostName,
                        "the server may be overloaded or waiting on a slow PAM module; raise -T/--timeout or "
                                + "ansible_ssh_timeout", null);
            }
        } catch (IOException e) {
            throw new UnreachableException("login as " + to + " failed: " + e.getMessage(), hostName,
                    "the connection may have dropped during login", e);
        }
        if (!auth.isSuccess()) {
            String offered = tried.isEmpty() ? "nothing: no key file found and no password given"
                    : String.join(", ", tried);
            throw new UnreachableException("authentication failed for " + to + " (tried: " + offered + ")", hostName,
                    "check the login user, that the key is in the user's ~/.ssh/authorized_keys on the host, or the "
                            + "password (ansible_user, ansible_ssh_private_key_file, ansible_password)", null);
        }
    }

    /** A host key refusal explains a failed handshake better than anything else. */
    private static UnreachableException refusedOr(SshLogin login, String hostName, UnreachableException otherwise) {
        return login.hostKeys().refusal()
                .map(r -> new UnreachableException(r.what(), hostName, r.hint(), null))
                .orElse(otherwise);
    }

    private static UnreachableException connectFailure(String hostName, SshDestination to, String via,
                                                       ConnectionSpec spec, Throwable failure) {
        String where = to.address() + via;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return new UnreachableException("cannot connect to " + where + ": connection refused", hostName,
                        "check that sshd runs on the host and listens on port " + to.port()
                                + " (ansible_port, Port in the ssh config)", failure);
            }
            if (t instanceof NoRouteToHostException) {
                return new UnreachableException("cannot connect to " + where + ": no route to host", hostName,
                        "check the address and the network between here and the host", failure);
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return new UnreachableException("cannot connect to " + where + ": unknown host name " + to.host(),
                        hostName, "check the inventory name, ansible_host or HostName in the ssh config", failure);
            }
            if (t instanceof SocketTimeoutException) {
                return new UnreachableException("cannot connect to " + where + ": no answer within "
                        + seconds(spec.connectTimeout()), hostName,
                        "check the address and that no firewall drops port " + to.port(), failure);
            }
        }
        return new UnreachableException("cannot connect to " + where + ": " + failure.getMessage(), hostName,
                "check the address, port and network", failure);
    }

    /** The ProxyJump hosts as the config resolves them; a hop that cannot be resolved is left to SSHD. */
    private static List<SshLogin.JumpHop> hops(SshDestination destination, HostConfigEntryResolver config) {
        List<SshLogin.JumpHop> hops = new ArrayList<>();
        if (destination.proxyJump() == null) {
            return hops;
        }
        for (String hop : destination.proxyJump().split(",")) {
            try {
                URI uri = URI.create(hop.contains("://") ? hop.strip() : "ssh://" + hop.strip());
                HostConfigEntry entry = config.resolveEffectiveHost(uri.getHost(), uri.getPort(), null,
                        uri.getUserInfo(), null, null);
                String host = entry != null && entry.getHostName() != null ? entry.getHostName() : uri.getHost();
                int port = entry != null && entry.getPort() > 0 ? entry.getPort()
                        : uri.getPort() > 0 ? uri.getPort() : SshDestination.DEFAULT_PORT;
                InetAddress address = null;
                try {
                    address = InetAddress.getByName(host);
                } catch (UnknownHostException e) {
                    // SSHD will say so when it connects
                }
                hops.add(new SshLogin.JumpHop(new SshDestination(host, port, "", List.of(), false, null), address));
            } catch (IOException | IllegalArgumentException e) {
                // SSHD parses the hops itself and reports what is wrong with them
            }
        }
        return hops;
    }

    private static HostConfigEntryResolver config(Path file, String hostName) {
        if (file != null && !Files.isRegularFile(file)) {
            throw new UnreachableException("the ssh client config " + file + " does not exist", hostName,
                    "check the path given for the ssh config", null);
        }
        Path path = file != null ? file : defaultConfig();
        return CONFIGS.computeIfAbsent(path.toAbsolutePath().normalize(), ConfigFileHostEntryResolver::new);
    }

    private static Path defaultConfig() {
        return Path.of(System.getProperty("user.home"), ".ssh", "config");
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
