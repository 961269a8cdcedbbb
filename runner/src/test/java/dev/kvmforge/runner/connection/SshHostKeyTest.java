package dev.kvmforge.runner.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.host.Host;
import dev.kvmforge.testkit.LoopbackSshd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host keys against a real OpenSSH sshd: unknown keys under each policy, hashed and {@code [host]:port} entries,
 * and a changed key, refused under every policy before anything runs.
 */
class SshHostKeyTest {

    private LoopbackSshd sshd;
    private SshConnector connector;

    @TempDir
    Path tmp;
    private Path knownHosts;
    private Path marker;

    @BeforeEach
    void setUp() throws Exception {
        sshd = new LoopbackSshd().withAddress("127.0.20.3").start();
        connector = new SshConnector();
        knownHosts = tmp.resolve("known_hosts");
        marker = Path.of("/tmp", "kvmforge-hostkey-marker-" + System.nanoTime());
    }

    @AfterEach
    void tearDown() throws Exception {
        connector.close();
        sshd.close();
        Files.deleteIfExists(marker);
    }

    private TestSpec spec(HostKeyPolicy policy) {
        return TestSpec.to(sshd, knownHosts).key(sshd.ed25519Key()).policy(policy);
    }

    /** Opens and runs {@code touch marker}: the marker exists only if a command ran. */
    private void openAndTouch(HostKeyPolicy policy) {
        Connection c = connector.open("key-host", spec(policy).build());
        new Host("key-host", c).check("touch " + Shell.quote(marker.toString()));
    }

    @Test
    void strictRefusesAnUnknownHostAndRunsNothing() throws Exception {
        Files.writeString(knownHosts, "");
        UnreachableException e = assertThrows(UnreachableException.class, () -> openAndTouch(HostKeyPolicy.STRICT));
        String presented = fingerprint(sshd.knownHostsLine());
        assertTrue(e.getMessage().contains("host key of 127.0.20.3:" + sshd.port() + " is not known"), e.getMessage());
        assertTrue(e.getMessage().contains("ssh-ed25519 " + presented), "asks for ed25519 first, as OpenSSH: "
                + e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("ssh-keyscan -p " + sshd.port() + " 127.0.20.3 >> " + knownHosts),
                e.hint().orElseThrow());
        assertTrue(e.hint().orElseThrow().contains("accept-new"));
        assertFalse(Files.exists(marker));
        assertEquals("", Files.readString(knownHosts), "strict writes nothing");
    }

    @Test
    void strictRefusesWhenTheKnownHostsFileIsMissing() {
        assertThrows(UnreachableException.class, () -> openAndTouch(HostKeyPolicy.STRICT));
        assertFalse(Files.exists(marker));
        assertFalse(Files.exists(knownHosts));
    }

    @Test
    void acceptNewRecordsTheKeyAndStrictPassesNextTime() throws Exception {
        Path nested = tmp.resolve("not-yet").resolve("known_hosts");
        knownHosts = nested;
        openAndTouch(HostKeyPolicy.ACCEPT_NEW);
        assertTrue(Files.exists(marker));
        String recorded = Files.readString(nested);
        assertTrue(recorded.contains("[127.0.20.3]:" + sshd.port() + " ssh-ed25519 "), recorded);
        assertTrue(recorded.contains(sshd.knownHostsLine().split(" ")[2]), "the server's own key: " + recorded);
        connector.close();

        Files.delete(marker);
        openAndTouch(HostKeyPolicy.STRICT);
        assertTrue(Files.exists(marker), "strict accepts the recorded key");
    }

    @Test
    void offAcceptsAnUnknownHostWithoutRecordingIt() throws Exception {
        openAndTouch(HostKeyPolicy.OFF);
        assertTrue(Files.exists(marker));
        assertFalse(Files.exists(knownHosts), "off records nothing");
    }

    @Test
    void hashedEntriesMatch() throws Exception {
        Files.writeString(knownHosts, sshd.knownHostsLine() + "\n");
        Process hash = new ProcessBuilder("ssh-keygen", "-H", "-f", knownHosts.toString())
                .redirectErrorStream(true).start();
        hash.getInputStream().readAllBytes();
        assertEquals(0, hash.waitFor());
        String hashed = Files.readString(knownHosts);
        assertTrue(hashed.startsWith("|1|"), hashed);
        assertFalse(hashed.contains("127.0.20.3"));
        openAndTouch(HostKeyPolicy.STRICT);
        assertTrue(Files.exists(marker));
    }

    @Test
    void hostKnownOnlyByItsEd25519KeyIsNotMistakenForAChangedOne() throws Exception {
        // sshd also has an ECDSA key, which SSHD would otherwise ask for first
        Files.writeString(knownHosts, "# a comment\n" + sshd.knownHostsLine() + "\n");
        openAndTouch(HostKeyPolicy.STRICT);
        assertTrue(Files.exists(marker));
        Files.delete(marker);
        Files.writeString(knownHosts, ecdsaLine() + "\n");
        connector.close();
        openAndTouch(HostKeyPolicy.STRICT);
        assertTrue(Files.exists(marker), "known by ECDSA only works too");
    }

    @Test
    void changedKeyIsRefusedUnderEveryPolicyBeforeAnythingRuns() throws Exception {
        String oldLine = sshd.knownHostsLine();
        Files.writeString(knownHosts, "# first line is a comment\n" + oldLine + "\n");
        openAndTouch(HostKeyPolicy.STRICT);
        assertTrue(Files.exists(marker));
        Files.delete(marker);
        connector.close();

        sshd.replaceHostKey();
        String expected = fingerprint(oldLine);
        String presented = fingerprint(sshd.knownHostsLine());
        assertNotEquals(expected, presented);
        for (HostKeyPolicy policy : List.of(HostKeyPolicy.STRICT, HostKeyPolicy.ACCEPT_NEW, HostKeyPolicy.OFF)) {
            UnreachableException e = assertThrows(UnreachableException.class, () -> openAndTouch(policy),
                    "policy " + policy);
            String m = e.getMessage();
            assertTrue(m.contains("HAS CHANGED"), m);
            assertTrue(m.contains(expected), policy + " shows the expected fingerprint: " + m);
            assertTrue(m.contains(presented), policy + " shows the presented fingerprint: " + m);
            assertTrue(m.contains(knownHosts + " line 2"), m);
            assertTrue(e.hint().orElseThrow().contains("ssh-keygen -R"), e.hint().orElseThrow());
            assertFalse(Files.exists(marker), "nothing ran under " + policy);
        }
        assertEquals("# first line is a comment\n" + oldLine + "\n", Files.readString(knownHosts),
                "known_hosts left as it was");
    }

    private String ecdsaLine() {
        return sshd.knownHostsLines().get(1);
    }

    /** The SHA256 fingerprint of a known_hosts line, as OpenSSH's ssh-keygen computes it. */
    private String fingerprint(String knownHostsLine) throws Exception {
        Path one = Files.createTempFile(tmp, "line", "");
        Files.writeString(one, knownHostsLine + "\n");
        Process p = new ProcessBuilder("ssh-keygen", "-l", "-E", "sha256", "-f", one.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.split("\\s+")[1];
    }
}
