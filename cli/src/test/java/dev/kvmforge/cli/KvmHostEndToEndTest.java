package dev.kvmforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.testkit.BootSectorGuest;
import dev.kvmforge.testkit.DebianHost;
import dev.kvmforge.testkit.PrepareDocker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code kvm-host} playbook over SSH on a fresh Debian 12 host (a throwaway container built from an
 * mmdebstrap root file system, sshd on its own loopback address, /dev/kvm passed in): a dry run lists every change
 * and makes none; the real run installs QEMU and libvirt, starts libvirtd, creates the qcow2 disk and runs the VM
 * under KVM, whose guest really executes (a boot sector that writes a marker to the serial console); the second run
 * changes nothing.
 */
class KvmHostEndToEndTest {

    private static final String VM = "kvmf-e2e-vm";
    private static final String GUEST_IMAGE = "/srv/kvmforge/guest.raw";
    private static final String SERIAL_LOG = "/var/log/libvirt/qemu/" + VM + "-serial.log";

    @TempDir
    Path dir;

    @Test
    void takesAFreshDebianHostToARunningKvmGuestAndAgainChangesNothing() throws Exception {
        PrepareDocker.ensure();
        try (DebianHost host = new DebianHost().withAddress("127.0.41.1").start()) {
            assertTrue(host.hasKvm(), "this test needs /dev/kvm on the machine, as every machine of this project has");
            Path inventory = Files.writeString(dir.resolve("hosts.ini"), "[kvm]\n" + host.inventoryLine("fresh") + "\n");
            String[] common = {"-i", inventory.toString(), "--known-hosts", host.knownHostsFile().toString(),
                    "-e", "vm_name=" + VM, "-e", "vm_memory_mb=64", "-e", "vm_disk_size=1G",
                    "-e", "vm_disk_backing=" + GUEST_IMAGE, "-e", "install_recommends=false"};

            // the guest's boot sector, put on the host by kvmforge itself (not a change kvm-host makes)
            Path guest = BootSectorGuest.writeRawImage(dir.resolve("guest.raw"));
            Path setup = Files.writeString(dir.resolve("setup.yml"), """
                    - hosts: all
                      gather_facts: false
                      become: true
                      tasks:
                        - file: {path: /srv/kvmforge, state: directory, mode: "0755"}
                        - copy: {src: %s, dest: %s, mode: "0644"}
                    """.formatted(guest, GUEST_IMAGE));
            Cli prepared = Cli.run(args("run", setup.toString(), "-i", inventory.toString(), "--known-hosts",
                    host.knownHostsFile().toString()));
            assertEquals(0, prepared.exitCode(), prepared.toString());

            Cli dry = Cli.run(args("run", "kvm-host", concat(common, "--check")));
            assertEquals(0, dry.exitCode(), dry.toString());
            for (String change : new String[] {"install qemu-system-x86", "install libvirt-daemon-system",
                    "start libvirtd", "create /var/lib/libvirt/images/" + VM + ".qcow2", "define domain " + VM,
                    "start domain " + VM}) {
                assertTrue(dry.out().contains(change), "the dry run does not list '" + change + "':\n" + dry);
            }
            assertEquals(1, host.exec("dpkg-query", "-W", "qemu-system-x86").status(), "the dry run installed QEMU");
            assertEquals(1, host.exec("test", "-e", "/var/lib/libvirt/images/" + VM + ".qcow2").status());

            Cli real = Cli.run(args("run", "kvm-host", common));
            assertEquals(0, real.exitCode(), real.toString());
            assertTrue(real.out().contains("network(s)"), real.out());
            DebianHost.Result state = host.exec("virsh", "-c", "qemu:///system", "domstate", VM);
            assertEquals("running", state.stdout().strip(), state.toString());
            DebianHost.Result kvm = host.exec("virsh", "-c", "qemu:///system", "qemu-monitor-command", VM, "--hmp",
                    "info kvm");
            assertTrue(kvm.stdout().contains("kvm support: enabled"), kvm.toString());
            assertTrue(waitForMarker(host), "the guest never wrote " + BootSectorGuest.MARKER + " to " + SERIAL_LOG);

            Cli again = Cli.run(args("run", "kvm-host", common));
            assertEquals(0, again.exitCode(), again.toString());
            assertTrue(again.out().matches("(?s).*fresh\\s+: ok=\\d+\\s+changed=0\\s.*"), again.out());
        }
    }

    private static boolean waitForMarker(DebianHost host) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (host.exec("cat", SERIAL_LOG).stdout().contains(BootSectorGuest.MARKER)) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static String[] args(String first, String second, String... rest) {
        String[] all = new String[rest.length + 2];
        all[0] = first;
        all[1] = second;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }
}
