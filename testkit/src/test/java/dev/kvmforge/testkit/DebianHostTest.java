package dev.kvmforge.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DebianHost checked with OpenSSH's own client, so end-to-end tests can trust it. */
class DebianHostTest {

    @BeforeAll
    static void machine() {
        PrepareDocker.ensure();
    }

    @Test
    void freshDebian12OverSshWithSudoAndKvmThenGone() throws Exception {
        String id;
        Path key;
        long started = System.nanoTime();
        try (DebianHost host = new DebianHost().withAddress("127.0.40.90").start()) {
            System.out.printf("DebianHost start: %d ms%n", (System.nanoTime() - started) / 1_000_000);
            id = host.containerId();
            key = host.privateKey();
            assertTrue(host.knownHostsLine().startsWith("[127.0.40.90]:" + host.port() + " ssh-ed25519 "));

            Ssh.Result version = Ssh.run(host, "cat /etc/debian_version");
            assertEquals(0, version.status(), version.output());
            assertTrue(version.output().strip().matches("12\\.\\d+"), version.output());

            Ssh.Result root = Ssh.run(host, "sudo -S -p '' id -u", host.password() + "\n", 30);
            assertEquals(0, root.status(), root.output());
            assertEquals("0", root.output().strip());
            Ssh.Result wrong = Ssh.run(host, "sudo -S -p '' id -u", "not-the-password\n", 30);
            assertTrue(wrong.status() != 0, "sudo refuses a wrong password");

            boolean kvmOutside = Files.exists(Path.of("/dev/kvm"));
            assertEquals(kvmOutside, host.hasKvm());
            Ssh.Result kvm = Ssh.run(host, "test -c /dev/kvm && test -r /dev/kvm && test -w /dev/kvm");
            assertEquals(kvmOutside, kvm.status() == 0, "/dev/kvm inside usable as on a Debian host: " + kvm);

            // sshd listens on the host's own address only: the container shares the machine's network
            DebianHost.Result listening = host.exec("ss", "-Hltn", "sport = :" + host.port());
            assertEquals(0, listening.status(), listening.stderr());
            assertEquals(1, listening.stdout().strip().lines().count(), listening.stdout());
            assertTrue(listening.stdout().contains("127.0.40.90:" + host.port()), listening.stdout());
            assertTrue(Ssh.allContainerIds().contains(id));
        }
        assertFalse(Ssh.allContainerIds().contains(id), "container removed by close()");
        assertFalse(Files.exists(key), "keys' temporary directory removed");
    }

    @Test
    void inventoryLineForAnsibleIni() {
        try (DebianHost host = new DebianHost().withKvm(false).withCapabilities().start()) {
            assertEquals("h1 ansible_host=" + host.host() + " ansible_port=" + host.port() + " ansible_user=kvmtest"
                    + " ansible_ssh_private_key_file=" + host.privateKey() + " ansible_become_password="
                    + host.password(), host.inventoryLine("h1"));
            assertTrue(host.host().startsWith("127.0.40."), host.host());
            assertFalse(host.hasKvm());
            assertEquals(1, host.exec("test", "-e", "/dev/kvm").status(), "no /dev/kvm when withKvm(false)");
            assertThrows(IllegalArgumentException.class, () -> host.inventoryLine("two words"));
        }
    }

    @Test
    void missingImageFailsNamingThePrepareScript() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new DebianHost().withImage("kvmforge/no-such-image:none").start());
        assertTrue(e.getMessage().contains("kvmforge/no-such-image:none"), e.getMessage());
        assertTrue(e.getMessage().contains("prepare-docker.sh"), e.getMessage());
    }

    @Test
    void refusesAddressesOutsideLoopback() {
        assertThrows(IllegalArgumentException.class, () -> new DebianHost().withAddress("10.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> new DebianHost().withAddress("192.168.122.1"));
        assertThrows(IllegalArgumentException.class, () -> new DebianHost().withCapabilities("NOT_A_CAP"));
    }
}
