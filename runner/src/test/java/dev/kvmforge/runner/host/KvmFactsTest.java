package dev.kvmforge.runner.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.connection.LocalConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The KVM probe on this very machine, and its reading of other machines' answers. */
class KvmFactsTest {

    @Test
    void thisMachineReallyOpensDevKvm() throws Exception {
        KvmFacts k = KvmFacts.gather(new Host("local", new LocalConnection()));
        assertEquals(Files.exists(Path.of("/dev/kvm")), k.devKvm());
        assertEquals("kvm-api", k.probe(), "perl is essential on Debian: the probe uses the KVM API");
        // Independent evidence: opening /dev/kvm read-write succeeds exactly when the probe says usable
        // (KVM_CREATE_VM is the rest of the probe).
        boolean opens = k.devKvm() && Files.isReadable(Path.of("/dev/kvm")) && Files.isWritable(Path.of("/dev/kvm"));
        assertEquals(opens, k.usable(), k.toString());
        if (k.usable()) {
            assertEquals(12, k.apiVersion());
            assertTrue(k.explain().startsWith("/dev/kvm works"), k.explain());
            assertEquals("", k.hint());
        }
        if (k.usable() && !k.cpuFlagShown()) {
            assertTrue(k.explain().contains("wrongly fails"), "must say why flags-only checks are wrong here");
        }
    }

    @Test
    void readsABareMetalIntelHostWithKvmDisabledInTheBios() {
        KvmFacts k = KvmFacts.parse("""
                vendor=GenuineIntel
                flag=vmx
                hypervisor=0
                devkvm=0
                modules=
                nested=
                probe=none
                probe_error=/dev/kvm does not exist
                bios_lock=disabled
                host_virt=none
                """);
        assertFalse(k.usable());
        assertEquals("host", k.hostVirtRole());
        assertTrue(k.hint().contains("BIOS"), k.hint());
    }

    @Test
    void readsAGuestWithHiddenFlagsButWorkingKvm() {
        KvmFacts k = KvmFacts.parse("""
                vendor=AuthenticAMD
                flag=
                hypervisor=1
                devkvm=1
                devkvm_mode=660 root kvm
                modules=kvm kvm_pvm
                nested=
                probe=kvm-api
                api=12
                usable=1
                bios_lock=unknown
                host_virt=kvm
                """);
        assertTrue(k.usable());
        assertEquals("guest", k.hostVirtRole());
        assertTrue(k.explain().contains("hides them"), k.explain());
    }

    @Test
    void readsAPermissionProblem() {
        KvmFacts k = KvmFacts.parse("""
                flag=svm
                devkvm=1
                probe=kvm-api
                probe_error=cannot open /dev/kvm: Permission denied
                host_virt=none
                """);
        assertFalse(k.usable());
        assertTrue(k.hint().contains("kvm group"), k.hint());
    }
}
