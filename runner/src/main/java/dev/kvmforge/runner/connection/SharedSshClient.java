package dev.kvmforge.runner.connection;

import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.PasswordIdentityProvider;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * The one Apache SSHD {@link SshClient} of the JVM (a client per connection leaks threads), assembled once with named
 * choices: the host key policy, identities and ProxyJump resolution of each login read from its {@link SshLogin}, the
 * fast algorithms first, OpenSSH's host key order, keepalives per session. Started on first use, stopped by
 * {@link #stop}.
 */
final class SharedSshClient {

    /** Missed keepalive replies before the session counts as dropped, as OpenSSH's ServerAliveCountMax. */
    private static final int KEEPALIVE_MISSES = 3;
    private static volatile SshClient client;

    private SharedSshClient() {
    }

    /** The shared client, started on first use. */
    static SshClient get() {
        SshClient c = client;
        if (c == null) {
            synchronized (SharedSshClient.class) {
                c = client;
                if (c == null) {
                    c = start();
                    client = c;
                }
            }
        }
        return c;
    }

    private static SshClient start() {
        SshClient c = SshClient.setUpDefaultClient();
        c.setServerKeyVerifier((session, address, key) -> {
            SshLogin login = SshLogin.of(session);
            return login != null && login.hostKeys().verifyServerKey(session, address, key);
        });
        // ProxyJump hops are resolved by SSHD through this, in the same config file as the target
        c.setHostConfigEntryResolver((host, port, local, user, jump, context) -> {
            SshLogin login = SshLogin.of(context);
            return login == null ? null : login.config().resolveEffectiveHost(host, port, local, user, jump, context);
        });
        // the target and its jump hosts are offered the same keys; passwords go to the target only
        c.setKeyIdentityProvider(session -> {
            SshLogin login = SshLogin.of(session);
            return login == null ? List.<KeyPair>of() : login.keys().keys();
        });
        c.setPasswordIdentityProvider(PasswordIdentityProvider.EMPTY_PASSWORDS_PROVIDER);
        c.setFilePasswordProvider((session, resource, retry) -> {
            SshLogin login = SshLogin.of(session);
            Secret passphrase = login == null ? null : login.spec().keyPassphrase();
            return passphrase == null ? null : passphrase.reveal();
        });
        c.addSessionListener(new SessionListener() {
            @Override
            public void sessionEstablished(Session session) {
                // the session's services read these as they are built, before sessionCreated
                SshLogin login = SshLogin.of(session);
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

    /** Stops the client, its connections and its I/O threads; the next {@link #get} starts another. */
    static void stop() {
        SshClient c;
        synchronized (SharedSshClient.class) {
            c = client;
            client = null;
        }
        if (c != null) {
            c.stop();
        }
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

    /**
     * Asks first for the host key types known_hosts holds for this server, as OpenSSH does; otherwise SSHD's own
     * preference (ECDSA before ed25519) would meet a host known by its ed25519 key with its ECDSA key, and that
     * would look like a changed key.
     */
    private static void preferKnownHostKeyTypes(Session session) {
        SshLogin login = SshLogin.of(session);
        if (login == null || !(session.getIoSession().getRemoteAddress() instanceof InetSocketAddress remote)) {
            return;
        }
        SshDestination server = login.hops().stream().filter(h -> h.is(remote)).map(SshLogin.JumpHop::at).findFirst()
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
