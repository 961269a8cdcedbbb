package dev.kvmforge.runner.connection;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.PasswordIdentityProvider;
import org.apache.sshd.client.config.hosts.ConfigFileHostEntryResolver;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSession.ClientSessionEvent;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * Opens SSH connections with Apache SSHD: one {@link SshClient} for the whole JVM (started on first use, daemon
 * threads), one session per host kept until {@link #close()}, each command on its own exec channel.
 *
 * <p>On {@link #open}: the OpenSSH client config ({@link ConnectionSpec#sshConfig()}, else {@code ~/.ssh/config})
 * supplies {@code HostName}, {@code Port}, {@code User}, {@code IdentityFile} and {@code ProxyJump} where the spec
 * leaves them open; the host key is checked against known_hosts as {@link HostKeyPolicy} says (a changed key is
 * always refused); then the user logs in with the keys (see {@link LoginKeys}) and the password, if any. Every
 * failure is an {@link UnreachableException} saying what happened to which {@code user@host:port}, with a hint; no
 * message carries a password or passphrase.
 */
public final class SshConnector implements Connector {

    /** What one {@link #open} needs inside SSHD's shared callbacks; travels as the connection context. */
    private record Login(ConnectionSpec spec, SshDestination destination, KnownHostsCheck hostKeys, LoginKeys keys,
                         HostConfigEntryResolver config, List<JumpHop> hops) {
    }

    /** A ProxyJump host, with its address resolved once, to tell its session from the target's. */
    private record JumpHop(SshDestination at, InetAddress address) {

        boolean is(InetSocketAddress remote) {
            return at.port() == remote.getPort() && (at.host().equals(remote.getHostString())
                    || address != null && address.equals(remote.getAddress()));
        }
    }

    /** A login started by {@link #prepare}, until an {@link #open} takes it. */
    private record EarlyLogin(ConnectionSpec spec, CompletableFuture<SshConnection> connection) {

        /** Closes the connection when (and if) it comes up. */
        void discard() {
            connection.thenAccept(SshConnection::close);
        }
    }

    private static final Map<String, EarlyLogin> EARLY = new ConcurrentHashMap<>();
    private static final ExecutorService EARLY_THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kvmforge-early-login");
        t.setDaemon(true);
        return t;
    });
    private static final AttributeKey<Login> LOGIN = new AttributeKey<>();
    private static final Map<Path, HostConfigEntryResolver> CONFIGS = new ConcurrentHashMap<>();
    /** Missed keepalive replies before the session counts as dropped, as OpenSSH's ServerAliveCountMax. */
    private static final int KEEPALIVE_MISSES = 3;
    private static volatile SshClient client;

    private final List<SshConnection> opened = new CopyOnWriteArrayList<>();

    /** A connector; the shared SSH client starts with the first connection. */
    public SshConnector() {
    }

    /**
     * Starts logging in to {@code hostName} in the background while the caller goes on (reading the inventory, a
     * playbook, the checks); the next {@link #open} of the same host with an equal spec, by any connector, takes that
     * connection, or its failure. One with another spec is closed unused. Local specs are ignored. Call only for hosts
     * the run will connect to: a login is a login.
     */
    public static void prepare(String hostName, ConnectionSpec spec) {
        if (spec.isLocal()) {
            return;
        }
        EARLY.computeIfAbsent(hostName, h -> new EarlyLogin(spec, CompletableFuture.supplyAsync(
                () -> logIn(h, spec, c -> { }), EARLY_THREADS)));
    }

    /**
     * Sets the shared SSH client up in a background thread (its security providers, algorithms and I/O threads; no
     * host is contacted), so that a login soon after does not wait for that.
     */
    public static void warmUp() {
        EARLY_THREADS.execute(SshConnector::client);
    }

    @Override
    public Connection open(String hostName, ConnectionSpec spec) {
        EarlyLogin early = EARLY.remove(hostName);
        if (early != null) {
            if (early.spec().equals(spec)) {
                SshConnection connection;
                try {
                    connection = early.connection().join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
                opened.add(connection);
                return connection;
            }
            early.discard();
        }
        SshConnection connection = logIn(hostName, spec, opened::remove);
        opened.add(connection);
        return connection;
    }

    private static SshConnection logIn(String hostName, ConnectionSpec spec, Consumer<SshConnection> onClose) {
        SshDestination destination = destination(hostName, spec);
        LoginKeys keys = LoginKeys.load(spec, destination, hostName);
        Path knownHosts = spec.knownHosts() != null ? spec.knownHosts()
                : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
        KnownHostsCheck hostKeys = new KnownHostsCheck(knownHosts, spec.hostKeyPolicy());
        HostConfigEntryResolver config = config(spec.sshConfig(), hostName);
        Login login = new Login(spec, destination, hostKeys, keys, config, hops(destination, config));
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

    /** Closes every connection this connector opened; the shared client stays for the next connector. */
    @Override
    public void close() {
        List<SshConnection> all = new ArrayList<>(opened);
        opened.clear();
        Connection.closeAll(all);
        LoginKeys.forget();
    }

    /**
     * Stops the shared SSH client, its connections and its I/O threads; the next {@link #open} starts another.
     * Call it before the JVM exits: while a thread waits in native I/O, Java 17 holds {@code System.exit} for
     * up to 300 ms.
     */
    public static void shutdown() {
        LoginKeys.forget();
        EARLY.keySet().forEach(h -> {
            EarlyLogin early = EARLY.remove(h);
            if (early != null) {
                early.discard();
            }
        });
        SshClient c;
        synchronized (SshConnector.class) {
            c = client;
            client = null;
        }
        if (c != null) {
            c.stop();
        }
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
    private static ClientSession connect(String hostName, ConnectionSpec spec, Login login) {
        SshDestination to = login.destination();
        String via = to.proxyJump() == null ? "" : " (through ProxyJump " + to.proxyJump() + ")";
        SshClient ssh = client(); // its first start (providers, I/O threads) is not the network's time
        long deadline = System.nanoTime() + spec.connectTimeout().toNanos();
        ConnectFuture future;
        try {
            future = ssh.connect(to.toEntry(), AttributeRepository.ofKeyValuePair(LOGIN, login), null);
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
    private static void authenticate(String hostName, ConnectionSpec spec, Login login, ClientSession session) {
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
    private static UnreachableException refusedOr(Login login, String hostName, UnreachableException otherwise) {
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

    private static void configure(Session session, ConnectionSpec spec) {
        if (spec.keepalive().isZero() || spec.keepalive().isNegative()) {
            CoreModuleProperties.HEARTBEAT_INTERVAL.set(session, Duration.ZERO);
        } else {
            CoreModuleProperties.HEARTBEAT_INTERVAL.set(session, spec.keepalive());
            CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(session, KEEPALIVE_MISSES);
        }
        // silence is not death: long quiet commands must not be cut; keepalives notice a dead peer
        CoreModuleProperties.IDLE_TIMEOUT.set(session, Duration.ZERO);
        CoreModuleProperties.AUTH_TIMEOUT.set(session, spec.connectTimeout().plus(spec.authTimeout()));
    }

    /** The ProxyJump hosts as the config resolves them; a hop that cannot be resolved is left to SSHD. */
    private static List<JumpHop> hops(SshDestination destination, HostConfigEntryResolver config) {
        List<JumpHop> hops = new ArrayList<>();
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
                hops.add(new JumpHop(new SshDestination(host, port, "", List.of(), false, null), address));
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

    /** The shared client, started on first use. */
    static SshClient client() {
        SshClient c = client;
        if (c == null) {
            synchronized (SshConnector.class) {
                c = client;
                if (c == null) {
                    c = startClient();
                    client = c;
                }
            }
        }
        return c;
    }

    private static SshClient startClient() {
        SshClient c = SshClient.setUpDefaultClient();
        c.setServerKeyVerifier((session, address, key) -> {
            Login login = login(session);
            return login != null && login.hostKeys().verifyServerKey(session, address, key);
        });
        // ProxyJump hops are resolved by SSHD through this, in the same config file as the target
        c.setHostConfigEntryResolver((host, port, local, user, jump, context) -> {
            Login login = context == null ? null : context.getAttribute(LOGIN);
            return login == null ? null : login.config().resolveEffectiveHost(host, port, local, user, jump, context);
        });
        // the target and its jump hosts are offered the same keys; passwords go to the target only
        c.setKeyIdentityProvider(session -> {
            Login login = login(session);
            return login == null ? List.<KeyPair>of() : login.keys().keys();
        });
        c.setPasswordIdentityProvider(PasswordIdentityProvider.EMPTY_PASSWORDS_PROVIDER);
        c.setFilePasswordProvider((session, resource, retry) -> {
            Login login = login(session);
            Secret passphrase = login == null ? null : login.spec().keyPassphrase();
            return passphrase == null ? null : passphrase.reveal();
        });
        c.addSessionListener(new SessionListener() {
            @Override
            public void sessionEstablished(Session session) {
                // the session's services read these as they are built, before sessionCreated
                Login login = login(session);
                if (login != null) {
                    configure(session, login.spec());
                }
            }

            @Override
            public void sessionCreated(Session session) {
                preferKnownHostKeyTypes(session);
            }
        });
        c.setSignatureFactories(openSshOrder(c.getSignatureFactories()));
        c.setKeyExchangeFactories(first(c.getKeyExchangeFactories(), FAST_KEX));
        c.setCipherFactories(first(c.getCipherFactories(), FAST_CIPHERS));
        CoreModuleProperties.SOCKET_KEEPALIVE.set(c, true);
        CoreModuleProperties.TCP_NODELAY.set(c, true);
        CoreModuleProperties.IDLE_TIMEOUT.set(c, Duration.ZERO);
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(c, Duration.ofMinutes(5));
        c.start();
        return c;
    }

    /**
     * Key exchanges tried first: X25519 (the JDK's own code) logs in about five times faster than the
     * post-quantum hybrids SSHD offers first (sntrup761x25519, mlkem768x25519, pure Java), which stay available after
     * them for servers that want only those.
     */
    private static final List<String> FAST_KEX = List.of("curve25519-sha256", "curve25519-sha256@libssh.org",
            "ecdh-sha2-nistp256");

    /** Ciphers tried first: AES-GCM runs on the CPU's AES instructions through the JDK; ChaCha20 in pure Java does not. */
    private static final List<String> FAST_CIPHERS = List.of("aes128-gcm@openssh.com", "aes256-gcm@openssh.com",
            "aes128-ctr");

    /** {@code factories} with those named in {@code preferred} moved to the front, in that order. */
    private static <F extends org.apache.sshd.common.NamedResource> List<F> first(List<F> factories, List<String> preferred) {
        List<F> order = new ArrayList<>();
        for (String name : preferred) {
            factories.stream().filter(f -> f.getName().equals(name)).findFirst().ifPresent(order::add);
        }
        factories.stream().filter(f -> !order.contains(f)).forEach(order::add);
        return order;
    }

    /**
     * SSHD's host key algorithms with ed25519 before ECDSA, as OpenSSH asks: a host met first under accept-new is
     * recorded by the key an OpenSSH user's known_hosts would hold.
     */
    private static List<NamedFactory<Signature>> openSshOrder(List<NamedFactory<Signature>> sshdOrder) {
        List<NamedFactory<Signature>> order = new ArrayList<>(sshdOrder);
        int ecdsa = -1;
        NamedFactory<Signature> ed25519 = null;
        for (int i = 0; i < order.size(); i++) {
            String name = order.get(i).getName();
            if (ecdsa < 0 && name.startsWith("ecdsa-sha2-nistp")) {
                ecdsa = i;
            }
            if (name.equals("ssh-ed25519")) {
                ed25519 = order.get(i);
            }
        }
        if (ed25519 != null && ecdsa >= 0 && order.indexOf(ed25519) > ecdsa) {
            order.remove(ed25519);
            order.add(ecdsa, ed25519);
        }
        return order;
    }

    private static Login login(SessionContext session) {
        AttributeRepository context = null;
        if (session instanceof ClientSession cs) {
            context = cs.getConnectionContext();
        }
        if (context == null && session instanceof Session s && s.getIoSession() != null) {
            // while the session is being built, the context is only on its network session
            context = (AttributeRepository) s.getIoSession().getAttribute(AttributeRepository.class);
        }
        return context == null ? null : context.getAttribute(LOGIN);
    }

    /**
     * Asks first for the host key types known_hosts holds for this server, as OpenSSH does; otherwise SSHD's own
     * preference (ECDSA before ed25519) would meet a host known by its ed25519 key with its ECDSA key, and that
     * would look like a changed key.
     */
    private static void preferKnownHostKeyTypes(Session session) {
        Login login = login(session);
        if (login == null || !(session.getIoSession().getRemoteAddress() instanceof InetSocketAddress remote)) {
            return;
        }
        SshDestination server = login.hops().stream().filter(h -> h.is(remote)).map(JumpHop::at).findFirst()
                .orElse(login.destination());
        List<String> names = List.of(server.host(), remote.getHostString());
        Set<String> known = login.hostKeys().knownKeyTypes(names, server.port());
        if (known.isEmpty()) {
            return;
        }
        List<NamedFactory<Signature>> factories = new ArrayList<>(session.getSignatureFactories());
        factories.sort(Comparator.comparing(f -> !known.contains(KeyUtils.getCanonicalKeyType(f.getName()))));
        session.setSignatureFactories(factories);
    }
}
