package dev.kvmforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.testkit.BootSectorGuest;
import dev.kvmforge.testkit.DebianHost;
import dev.kvmforge.testkit.GuestAcceleration;
import dev.kvmforge.testkit.PrepareDocker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code kvm-host} playbook over SSH on a fresh Debian 12 host (a throwaway container built from an
 * mmdebstrap root file system, sshd on its own loopback address): a dry run lists every change and makes none; the
 * real run installs QEMU and libvirt, starts libvirtd, creates the qcow2 disk and runs the VM, whose guest really
 * executes (a boot sector that writes a marker to the serial console); the second run changes nothing.
 *
 * <p>Twice: on a host as this machine is (/dev/kvm passed in where the machine has it: the guest runs under KVM;
 * where it has none, with {@code kvm_required=false} under software emulation), and on a host without /dev/kvm
 * whatever the machine has, where kvm-host first stops and says how to go on, and then goes on under emulation.
 */
@DisplayNameGeneration(GuestAcceleration.Named.class)
class KvmHostEndToEndTest {

    private static final String VM = "kvmf-e2e-vm";
    private static final String GUEST_IMAGE = "/srv/kvmforge/guest.raw";
    private static final String SERIAL_LOG = "/var/log/libvirt/qemu/" + VM + "-serial.log";

    @TempDir
    Path dir;

    @Test
    @DisplayName("a fresh Debian host as this machine is: kvm-host takes it to a running guest, then changes nothing")
    void takesAFreshDebianHostToARunningKvmGuestAndAgainChangesNothing() throws Exception {
        PrepareDocker.ensure();
        try (DebianHost host = new DebianHost().withAddress("127.0.41.1").start()) {
            assertEquals(GuestAcceleration.ofThisMachine().kvm(), host.hasKvm(), "/dev/kvm is passed in where usable");
            Path inventory = prepare(host, "fresh");
            String[] common = common(inventory, host, host.hasKvm() ? "kvm_required=true" : "kvm_required=false");

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
            assertTrue(kvm.stdout().contains("kvm support: " + (host.hasKvm() ? "enabled" : "disabled")),
                    kvm.toString());
            assertTrue(waitForMarker(host), "the guest never wrote " + BootSectorGuest.MARKER + " to " + SERIAL_LOG);

            Cli again = Cli.run(args("run", "kvm-host", common));
            assertEquals(0, again.exitCode(), again.toString());
            assertTrue(again.out().matches("(?s).*fresh\\s+: ok=\\d+\\s+changed=0\\s.*"), again.out());
        }
    }

    @Test
    @DisplayName("a host without /dev/kvm: kvm-host stops saying how to go on; with kvm_required=false the guest runs"
            + " under emulation")
    void onAHostWithoutKvmStopsWithTheWayOnThenGoesOnUnderSoftwareEmulation() throws Exception {
        PrepareDocker.ensure();
        try (DebianHost host = new DebianHost().withKvm(false).withAddress("127.0.41.2").start()) {
            Path inventory = prepare(host, "nokvm");

            Cli stopped = Cli.run(args("run", "kvm-host", concat(common(inventory, host, "kvm_required=true"),
                    "--check")));
            assertEquals(2, stopped.exitCode(), stopped.toString());
            assertTrue(stopped.out().contains("KVM cannot be used: ") && stopped.out().contains("-e kvm_required=false"),
                    stopped.out());
            assertFalse(stopped.out().contains("FAILED! => KVM cannot be used: /dev/kvm exists"), stopped.out());

            String[] common = common(inventory, host, "kvm_required=false");
            Cli dry = Cli.run(args("run", "kvm-host", concat(common, "--check")));
            assertEquals(0, dry.exitCode(), dry.toString());
            assertTrue(dry.out().contains("define domain " + VM + " (qemu, 64 MiB"), dry.out());
            assertTrue(dry.out().contains("[WARNING]: [nokvm]: KVM cannot be used on nokvm"), dry.out());
            assertEquals(1, host.exec("dpkg-query", "-W", "qemu-system-x86").status(), "the dry run installed QEMU");

            Cli real = Cli.run(args("run", "kvm-host", common));
            assertEquals(0, real.exitCode(), real.toString());
            assertTrue(real.out().contains("runs under software emulation (domain_type qemu)")
                    && real.out().contains("much slower"), real.out());
            DebianHost.Result type = host.exec("virsh", "-c", "qemu:///system", "dumpxml", "--inactive", VM);
            assertTrue(type.stdout().startsWith("<domain type='qemu'"), type.toString());
            DebianHost.Result kvm = host.exec("virsh", "-c", "qemu:///system", "qemu-monitor-command", VM, "--hmp",
                    "info kvm");
            assertTrue(kvm.stdout().contains("kvm support: disabled"), kvm.toString());
            assertTrue(waitForMarker(host), "the emulated guest never wrote " + BootSectorGuest.MARKER);

            Cli again = Cli.run(args("run", "kvm-host", common));
            assertEquals(0, again.exitCode(), again.toString());
            assertTrue(again.out().matches("(?s).*nokvm\\s+: ok=\\d+\\s+changed=0\\s.*"), again.out());

            // the vm playbook (no kvm_capable task) asks libvirt_domain for kvm: one clear error, nothing defined
            Cli vm = Cli.run(args("run", "vm", "-i", inventory.toString(), "--known-hosts",
                    host.knownHostsFile().toString(), "-e", "vm_name=kvmf-e2e-vm2", "-e", "vm_memory_mb=64",
                    "-e", "vm_disk_size=1G"));
            assertEquals(2, vm.exitCode(), vm.toString());
            assertTrue(vm.out().contains("domain_type kvm: domain kvmf-e2e-vm2 needs KVM, which nokvm cannot offer")
                    && vm.out().contains("domain_type: auto") && vm.out().contains("kvm_required=false"), vm.out());
            assertFalse(vm.out().contains("could not get preferred machine"), vm.out());
            assertEquals(1, host.exec("virsh", "-c", "qemu:///system", "dominfo", "kvmf-e2e-vm2").status());
        }
    }

    /** An inventory for {@code host}, with the guest's boot sector put on it by kvmforge (not a kvm-host change). */
    private Path prepare(DebianHost host, String name) throws Exception {
        Path inventory = Files.writeString(dir.resolve(name + ".ini"), "[kvm]\n" + host.inventoryLine(name) + "\n");
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
        return inventory;
    }

    private static String[] common(Path inventory, DebianHost host, String kvmRequired) {
        return new String[] {"-i", inventory.toString(), "--known-hosts", host.knownHostsFile().toString(),
                "-e", "vm_name=" + VM, "-e", "vm_memory_mb=64", "-e", "vm_disk_size=1G",
                "-e", "vm_disk_backing=" + GUEST_IMAGE, "-e", "install_recommends=false", "-e", kvmRequired};
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
