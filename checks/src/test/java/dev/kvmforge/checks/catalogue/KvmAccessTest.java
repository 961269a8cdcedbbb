package dev.kvmforge.checks.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.kvmforge.checks.model.Check;
import dev.kvmforge.checks.model.Outcome;
import dev.kvmforge.checks.model.Verdict;
import dev.kvmforge.checks.probe.HostSnapshot;
import dev.kvmforge.runner.connection.ExecRequest.Become;
import dev.kvmforge.runner.connection.LocalConnection;
import dev.kvmforge.runner.host.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * HV-DEV-KVM-ACCESS as root and as an unprivileged user (nobody, through sudo): the device is really opened, so the
 * answer is the kernel's, and the hint says what to do for that user. On a machine without /dev/kvm there is nothing
 * to open, for anyone: the check says so (SKIP, pointing at HV-DEV-KVM), and HV-CPU-VIRT fails with the reason.
 */
class KvmAccessTest {

    private static final Path KVM = Path.of("/dev/kvm");

    static Verdict evaluate(Host host, Check check) {
        return check.evaluate(HostSnapshot.take(host, check.probes(), null));
    }

    private static int permissionBits(PosixFileAttributes a) {
        int bits = 0;
        for (java.nio.file.attribute.PosixFilePermission p : a.permissions()) {
            bits |= 1 << (8 - p.ordinal());
        }
        return bits;
    }

    @Test
    @DisplayName("root opens /dev/kvm where the machine has it; where it has none, there is nothing to open")
    void rootOpensIt() {
        assertTrue(new LocalConnection().isRoot(), "these tests run as root (scripts/test runs as root)");
        Verdict v = evaluate(new Host("localhost", new LocalConnection()), HypervisorChecks.devKvmAccess());
        if (!Files.exists(KVM)) {
            System.out.println("KvmAccessTest: this machine has no /dev/kvm");
            assertEquals(Outcome.SKIP, v.outcome(), v.message());
            assertEquals("there is no /dev/kvm to open (see HV-DEV-KVM)", v.message());
            return;
        }
        assertEquals(Outcome.PASS, v.outcome(), v.message());
        assertEquals("root opens /dev/kvm read-write as root (tried): /dev/kvm (character device, mode "
                + v.message().replaceAll(".*mode ", ""), v.message());
    }

    @Test
    @DisplayName("a user outside the kvm group cannot open /dev/kvm and is told why; without /dev/kvm nobody can")
    void aUserOutsideTheKvmGroupCannotAndIsToldWhy() throws Exception {
        assertTrue(new LocalConnection().isRoot(), "these tests run as root, to become nobody");
        Path kvm = KVM;
        Host nobody = new Host("localhost", new LocalConnection()).withBecome(new Become("nobody", null));
        if (!Files.exists(kvm)) {
            Verdict v = evaluate(nobody, HypervisorChecks.devKvmAccess());
            assertEquals(Outcome.SKIP, v.outcome(), v.message());
            Verdict cpu = evaluate(nobody, HypervisorChecks.cpuVirtualization());
            assertEquals(Outcome.FAIL, cpu.outcome(), "without /dev/kvm KVM is unusable for anyone: " + cpu.message());
            assertTrue(cpu.message().contains("/dev/kvm"), cpu.message());
            return;
        }
        PosixFileAttributes a = Files.readAttributes(kvm, PosixFileAttributes.class);
        assertFalse(a.permissions().contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ),
                "/dev/kvm is open to everyone here; this test needs it closed to others (0660 or 0600)");
        Verdict v = evaluate(nobody, HypervisorChecks.devKvmAccess());
        assertEquals(Outcome.FAIL, v.outcome(), v.message());
        String mode = String.format("%04o", permissionBits(a));
        assertEquals("nobody cannot open /dev/kvm: /dev/kvm (character device, mode " + mode + ", "
                + a.owner().getName() + ":" + a.group().getName() + "); cannot open /dev/kvm: Permission denied",
                v.message());
        assertTrue(v.hint().contains("kvm"), v.hint());

        // KVM is not unusable just because this user may not open it: never FAIL (WARN when the flags are hidden too)
        Verdict cpu = evaluate(nobody, HypervisorChecks.cpuVirtualization());
        assertNotEquals(Outcome.FAIL, cpu.outcome(), cpu.message());
    }
}
