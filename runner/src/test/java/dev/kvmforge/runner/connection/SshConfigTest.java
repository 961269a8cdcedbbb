package dev.kvmforge.runner.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.host.Host;
import dev.kvmforge.testkit.LoopbackSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenSSH client config: HostName, Port, User, IdentityFile and ProxyJump, and spec values winning. */
class SshConfigTest {

    private static LoopbackSshd target;
    private static LoopbackSshd jump;
    private SshConnector connector;

    @TempDir
    Path tmp;
    private Path knownHosts;
    private Path config;

    @BeforeAll
    static void startServers() {
        target = new LoopbackSshd().withAddress("127.0.20.4").start();
        jump = new LoopbackSshd().withAddress("127.0.20.5").start();
    }

    @AfterAll
    static void stopServers() {
        if (target != null) {
            target.close();
        }
        if (jump != null) {
            jump.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        connector = new SshConnector();
        knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, target.knownHostsLine() + "\n" + jump.knownHostsLine() + "\n");
        config = tmp.resolve("config");
        Files.writeString(config, String.join("\n",
                "Host kvm-box",
                "    HostName 127.0.20.4",
                "    Port " + target.port(),
                "    User " + target.user(),
                "    IdentityFile " + target.ed25519Key(),
                "    IdentitiesOnly yes",
                "",
                "Host behind-jump",
                "    HostName 127.0.20.4",
                "    Port " + target.port(),
                "    User " + target.user(),
                "    IdentityFile " + target.rsaKey(),
                "    ProxyJump jumpbox",
                "",
                "Host jumpbox",
                "    HostName 127.0.20.5",
                "    Port " + jump.port(),
                "    User " + jump.user(),
                "    IdentityFile " + jump.ed25519Key(),
                ""));
    }

    @AfterEach
    void tearDown() {
        connector.close();
    }

    /** A spec naming only the host alias: everything else comes from the config. */
    private ConnectionSpec alias(String name) {
        return new ConnectionSpec("ssh", name, 0, null, List.of(), null, null, knownHosts, HostKeyPolicy.STRICT,
                Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30), config);
    }

    @Test
    void takesHostNamePortUserAndIdentityFileFromTheConfig() {
        Connection c = connector.open("kvm-box", alias("kvm-box"));
        assertEquals("ssh://" + target.user() + "@127.0.20.4:" + target.port(), c.describe());
        Host host = new Host("kvm-box", c);
        assertEquals(target.user() + "\n", host.check("id -un"));
        assertEquals("127.0.20.4 " + target.port() + "\n", host.check("echo \"$SSH_CONNECTION\" | cut -d' ' -f3,4"));
    }

    @Test
    void specValuesWinOverTheConfig() throws Exception {
        ConnectionSpec a = alias("kvm-box");
        ConnectionSpec otherUser = new ConnectionSpec("ssh", a.address(), 0, "someone-else", a.identityFiles(), null,
                null, knownHosts, HostKeyPolicy.STRICT, a.connectTimeout(), a.authTimeout(), a.keepalive(), config);
        UnreachableException e = assertThrows(UnreachableException.class,
                () -> connector.open("kvm-box", otherUser));
        assertTrue(e.getMessage().contains("authentication failed for someone-else@127.0.20.4:" + target.port()),
                e.getMessage());
        assertTrue(e.getMessage().contains("publickey " + target.ed25519Key()), "config's IdentityFile offered: "
                + e.getMessage());

        ConnectionSpec otherKey = new ConnectionSpec("ssh", a.address(), 0, null, List.of(target.rsaKey()), null,
                null, knownHosts, HostKeyPolicy.STRICT, a.connectTimeout(), a.authTimeout(), a.keepalive(), config);
        Connection c = connector.open("kvm-box", otherKey);
        assertEquals(target.user() + "\n", new Host("kvm-box", c).check("id -un"));

        ConnectionSpec closedPort = new ConnectionSpec("ssh", a.address(), closedPort(), null, List.of(), null,
                null, knownHosts, HostKeyPolicy.STRICT, a.connectTimeout(), a.authTimeout(), a.keepalive(), config);
        UnreachableException refused = assertThrows(UnreachableException.class,
                () -> connector.open("kvm-box", closedPort));
        assertTrue(refused.getMessage().contains("127.0.20.4:" + closedPort.port() + ": connection refused"),
                refused.getMessage());
    }

    @Test
    void goesThroughAProxyJump() throws Exception {
        Connection c = connector.open("behind-jump", alias("behind-jump"));
        Host host = new Host("behind-jump", c);
        assertEquals(target.user() + "\n", host.check("id -un"));
        assertTrue(host.check("echo \"$SSH_CONNECTION\"").contains(" 127.0.20.4 " + target.port()));
        assertTrue(Files.readString(jump.logFile()).contains("Accepted publickey for " + jump.user()),
                "logged in on the jump host first");
    }

    @Test
    void checksTheJumpHostKeyToo() throws Exception {
        Files.writeString(knownHosts, target.knownHostsLine() + "\n");
        UnreachableException e = assertThrows(UnreachableException.class,
                () -> connector.open("behind-jump", alias("behind-jump")));
        assertTrue(e.getMessage().contains("host key of 127.0.20.5:" + jump.port() + " is not known"),
                e.getMessage());
    }

    @Test
    void missingConfigFileIsNamed() {
        Path none = tmp.resolve("no-config");
        ConnectionSpec a = alias("kvm-box");
        ConnectionSpec spec = new ConnectionSpec("ssh", "kvm-box", 0, null, List.of(), null, null, knownHosts,
                HostKeyPolicy.STRICT, a.connectTimeout(), a.authTimeout(), a.keepalive(), none);
        UnreachableException e = assertThrows(UnreachableException.class, () -> connector.open("kvm-box", spec));
        assertTrue(e.getMessage().contains(none.toString()), e.getMessage());
    }

    private static int closedPort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.bind(new java.net.InetSocketAddress("127.0.20.4", 0));
            return s.getLocalPort();
        }
    }
}
