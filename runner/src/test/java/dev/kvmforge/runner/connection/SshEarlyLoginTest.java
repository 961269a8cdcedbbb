package dev.kvmforge.runner.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.host.Host;
import dev.kvmforge.testkit.LoopbackSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Logins started early ({@link SshConnector#prepare}) and taken by the first open of the same host and spec. */
class SshEarlyLoginTest {

    private static LoopbackSshd sshd;
    private static Path knownHosts;

    @BeforeAll
    static void startServer() throws Exception {
        sshd = new LoopbackSshd().withAddress("127.0.20.8").withLogLevel("INFO").start();
        knownHosts = Files.createTempFile("kvmforge-known_hosts", "");
        Files.writeString(knownHosts, sshd.knownHostsLine() + "\n");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
        Files.deleteIfExists(knownHosts);
    }

    private static long logins() throws Exception {
        return Files.readAllLines(sshd.logFile()).stream().filter(l -> l.contains("Accepted publickey")).count();
    }

    @Test
    void theOpenOfTheSameHostAndSpecTakesTheEarlyLogin() throws Exception {
        ConnectionSpec spec = TestSpec.to(sshd, knownHosts).key(sshd.ed25519Key()).build();
        long before = logins();
        SshConnector.prepare("early", spec);
        try (SshConnector connector = new SshConnector()) {
            Host host = new Host("early", connector.open("early", spec));
            assertEquals("hi\n", host.run("echo hi").stdout());
        }
        assertEquals(1, logins() - before);
    }

    @Test
    void anotherSpecLogsInAfreshAndTheEarlyLoginIsClosedUnused() throws Exception {
        ConnectionSpec early = TestSpec.to(sshd, knownHosts).key(sshd.ed25519Key()).build();
        ConnectionSpec other = TestSpec.to(sshd, knownHosts).key(sshd.ed25519Key()).keepalive(Duration.ofSeconds(7))
                .build();
        SshConnector.prepare("changed", early);
        try (SshConnector connector = new SshConnector()) {
            Host host = new Host("changed", connector.open("changed", other));
            assertEquals("hi\n", host.run("echo hi").stdout());
        }
    }

    @Test
    void aFailedEarlyLoginIsTheOpensFailure() {
        ConnectionSpec nobody = TestSpec.to("127.0.20.8", 1, sshd.user(), knownHosts).key(sshd.ed25519Key()).build();
        SshConnector.prepare("refused", nobody);
        try (SshConnector connector = new SshConnector()) {
            UnreachableException e = assertThrows(UnreachableException.class, () -> connector.open("refused", nobody));
            assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        }
    }
}
