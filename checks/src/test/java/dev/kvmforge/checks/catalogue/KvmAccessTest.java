package dev.kvmforge.checks.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import org.junit.jupiter.api.Test;

/**
 * HV-DEV-KVM-ACCESS as root and as an unprivileged user (nobody, through sudo): the device is really opened, so the
 * answer is the kernel's, and the hint says what to do for that user.
 */
class KvmAccessTest {

    static Verdict evaluate(Host host, Check check) {
        return check.evaluate(HostSnapshot.take(host, check.probes(), null));
    }

    @Test
    void rootOpensIt() {
        assumeTrue(new LocalConnection().isRoot(), "runs as root");
        assumeTrue(Files.exists(Path.of("/dev/kvm")), "no /dev/kvm here");
        Verdict v = evaluate(new Host("localhost", new LocalConnection()), HypervisorChecks.devKvmAccess());
        assertEquals(Outcome.PASS, v.outcome(), v.message());
        assertEquals("root opens /dev/kvm read-write as root (tried): /dev/kvm (character device, mode "
                + v.message().replaceAll(".*mode ", ""), v.message());
    }

    @Test
    void aUserOutsideTheKvmGroupCannotAndIsToldWhy() throws Exception {
        assumeTrue(new LocalConnection().isRoot(), "needs root to become nobody");
        Path kvm = Path.of("/dev/kvm");
        assumeTrue(Files.exists(kvm), "no /dev/kvm here");
        PosixFileAttributes a = Files.readAttributes(kvm, PosixFileAttributes.class);
        assumeTrue(a.group().getName().equals("kvm") && !a.permissions().contains(
                java.nio.file.attribute.PosixFilePermission.OTHERS_READ), "/dev/kvm is not 0660 root:kvm here");
        Host nobody = new Host("localhost", new LocalConnection()).withBecome(new Become("nobody", null));
        Verdict v = evaluate(nobody, HypervisorChecks.devKvmAccess());
        assertEquals(Outcome.FAIL, v.outcome(), v.message());
        assertEquals("nobody cannot open /dev/kvm: /dev/kvm (character device, mode 0660, root:kvm); cannot open"
                + " /dev/kvm: Permission denied", v.message());
        assertEquals("add nobody to group kvm (usermod -aG kvm nobody), then log in again", v.hint());

        // KVM is not unusable just because this user may not open it: never FAIL (WARN when the flags are hidden too)
        Verdict cpu = evaluate(nobody, HypervisorChecks.cpuVirtualization());
        assertNotEquals(Outcome.FAIL, cpu.outcome(), cpu.message());
    }
}
