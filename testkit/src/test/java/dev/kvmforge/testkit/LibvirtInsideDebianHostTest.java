package dev.kvmforge.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the end-to-end test of {@code kvmforge run kvm-host} relies on: a fresh DebianHost with the default
 * capabilities installs QEMU and libvirt from Debian's archive, and libvirtd started by hand (no systemd) runs a
 * {@code type='kvm'} guest ({@code type='qemu'} where the machine has no /dev/kvm). Every step over SSH with sudo, as
 * the runner does it; timings are printed. Recommends are left out: with them the same line fetches 413 packages
 * (277 MB) instead of 114 (53 MB), measured at 77 s and 135 s on a loaded 2-core machine.
 */
class LibvirtInsideDebianHostTest {

    private static final String DOMAIN = "kvmforge-testkit-guest";

    @BeforeAll
    static void machine() {
        PrepareDocker.ensure();
    }

    @Test
    void installsLibvirtAndRunsAGuest() throws Exception {
        String id;
        try (DebianHost host = new DebianHost().withAddress("127.0.40.92").start()) {
            id = host.containerId();
            long t0 = System.nanoTime();
            Ssh.Result install = Ssh.sudo(host, "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install"
                    + " -y -qq --no-install-recommends qemu-system-x86 qemu-utils libvirt-daemon-system"
                    + " libvirt-clients >/tmp/apt.log 2>&1 || { tail -20 /tmp/apt.log; exit 1; }", 900);
            long installed = System.nanoTime();
            assertEquals(0, install.status(), install.output());

            Ssh.Result daemons = Ssh.sudo(host, "virtlogd -d && libvirtd -d && for i in $(seq 1 100); do "
                    + "virsh -c qemu:///system version >/dev/null 2>&1 && exit 0; sleep 0.1; done; exit 1", 60);
            assertEquals(0, daemons.status(), daemons.output());
            long daemonsUp = System.nanoTime();

            String type = host.hasKvm() ? "kvm" : "qemu";
            String xml = "<domain type='" + type + "'><name>" + DOMAIN + "</name><memory unit='MiB'>64</memory>"
                    + "<vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os><devices>"
                    + "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
                    + "<source file='/var/lib/libvirt/images/tiny.qcow2'/><target dev='vda' bus='virtio'/></disk>"
                    + "</devices></domain>";
            Ssh.Result guest = Ssh.sudo(host, "qemu-img create -q -f qcow2 /var/lib/libvirt/images/tiny.qcow2 64M"
                    + " && printf '%s' " + Ssh.quote(xml) + " > /tmp/guest.xml"
                    + " && virsh -q define /tmp/guest.xml && virsh -q start " + DOMAIN
                    + " && virsh domstate " + DOMAIN
                    + " && virsh qemu-monitor-command " + DOMAIN + " --hmp 'info kvm'"
                    + " || { tail -5 /var/log/libvirt/qemu/" + DOMAIN + ".log; exit 1; }", 120);
            long guestUp = System.nanoTime();
            assertEquals(0, guest.status(), guest.output());
            assertTrue(guest.output().contains("running"), guest.output());
            if (host.hasKvm()) {
                assertTrue(guest.output().contains("kvm support: enabled"), guest.output());
            }
            // the guest's cgroups live in the container's own subtree, not at the machine's cgroup root
            assertFalse(Files.exists(Path.of("/sys/fs/cgroup/memory/machine/qemu-1-" + DOMAIN + ".libvirt-qemu")));

            System.out.printf("libvirt in DebianHost: apt-get install %d ms, daemons %d ms, define+start %s guest "
                            + "%d ms%n", (installed - t0) / 1_000_000, (daemonsUp - installed) / 1_000_000, type,
                    (guestUp - daemonsUp) / 1_000_000);
            // the guest is left running: close() must take it away with the container
        }
        assertFalse(Ssh.allContainerIds().contains(id), "container removed by close()");
        Process p = new ProcessBuilder("pgrep", "-f", "guest=" + DOMAIN).start();
        assertEquals(1, p.waitFor(), "no QEMU of the guest left on the machine");
    }
}
