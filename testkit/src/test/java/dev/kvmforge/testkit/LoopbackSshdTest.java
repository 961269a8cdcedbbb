package dev.kvmforge.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture checked with OpenSSH's own client, so runner tests can trust it. */
class LoopbackSshdTest {

    @TempDir
    Path tmp;

    @Test
    void acceptsItsKeysUnderStrictCheckingAndCleansUp() throws Exception {
        Path dir;
        try (LoopbackSshd sshd = new LoopbackSshd().withAddress("127.0.20.90").start()) {
            dir = sshd.directory();
            Path knownHosts = tmp.resolve("known_hosts");
            Files.writeString(knownHosts, sshd.knownHostsLine() + "\n");
            assertTrue(sshd.knownHostsLine().startsWith("[127.0.20.90]:" + sshd.port() + " ssh-ed25519 "));

            Result r = ssh(sshd, knownHosts, sshd.ed25519Key(), "id -un");
            assertEquals(0, r.status, r.output);
            assertEquals(sshd.user(), r.output.strip());
            assertEquals(0, ssh(sshd, knownHosts, sshd.rsaKey(), "true").status);
            SshHost shared = sshd;
            assertEquals("h1 ansible_host=127.0.20.90 ansible_port=" + sshd.port() + " ansible_user=" + sshd.user()
                    + " ansible_ssh_private_key_file=" + sshd.ed25519Key() + " ansible_become_password="
                    + sshd.password(), shared.inventoryLine("h1"), "the inventory line of the shared read side");
            assertEquals(0, ssh(sshd, knownHosts, shared.privateKey(), "true").status);
            assertNotEquals(0, ssh(sshd, knownHosts, sshd.unauthorizedKey(), "true").status);

            String old = sshd.knownHostsLine();
            sshd.replaceHostKey();
            assertNotEquals(old, sshd.knownHostsLine());
            Result changed = ssh(sshd, knownHosts, sshd.ed25519Key(), "true");
            assertNotEquals(0, changed.status);
            assertTrue(changed.output.contains("HOST IDENTIFICATION HAS CHANGED"), changed.output);
        }
        assertFalse(Files.exists(dir), "temporary directory removed");
    }

    @Test
    void refusesAddressesOutsideLoopback() {
        assertThrows(IllegalArgumentException.class, () -> new LoopbackSshd().withAddress("10.0.0.1"));
    }

    private record Result(int status, String output) {
    }

    private static Result ssh(LoopbackSshd sshd, Path knownHosts, Path key, String command)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "IdentitiesOnly=yes", "-i", key.toString(), "-p", String.valueOf(sshd.port()),
                sshd.user() + "@" + sshd.host(), command));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }
}
