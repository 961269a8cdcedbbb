package dev.kvmforge.runner.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.connection.LocalConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The KVM probe on this very machine, and its reading of other machines' answers. */
class KvmFactsTest {

    @Test
    @DisplayName("on this machine the probe answers what /dev/kvm really does, and why (KVM or not)")
    void thisMachineReallyOpensDevKvm() throws Exception {
        KvmFacts k = KvmFacts.gather(new Host("local", new LocalConnection()));
        System.out.println("KvmFactsTest: this machine: usable=" + k.usable() + ": " + k.explain());
        assertEquals(Files.exists(Path.of("/dev/kvm")), k.devKvm());
        assertEquals(k.devKvm() ? KvmFacts.TriedWith.KVM_API : KvmFacts.TriedWith.NONE, k.probe(),
                "perl is essential on Debian: the probe uses the KVM API wherever there is a /dev/kvm to open");
        if (!k.usable()) {
            assertFalse(k.explain().isEmpty());
            assertFalse(k.hint().isEmpty(), "a host without KVM is told what to do");
            assertEquals(!k.devKvm(), k.explain().contains("no /dev/kvm"), k.explain());
        }
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

    /** The two layers as systemd-detect-virt tells them on this machine: --vm and --container, each its own answer. */
    @Test
    void thisMachinesLayersAreSystemdDetectVirtsOwn() throws Exception {
        KvmFacts k = KvmFacts.gather(new Host("local", new LocalConnection()));
        assertEquals(detectVirt("--vm"), k.hostVm(), k.toString());
        String container = detectVirt("--container");
        if (!container.equals("none")) {
            assertEquals(container, k.hostContainer(), k.toString());
        }
        if (k.inVm()) {
            assertEquals("guest", k.hostVirtRole(), "a VM decides KVM, whatever container it also holds");
        }
    }

    private static String detectVirt(String layer) throws Exception {
        Process p = new ProcessBuilder("systemd-detect-virt", layer).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        return out.isEmpty() ? "none" : out;
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
                host_vm=none
                host_container=none
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
                kvm_dev=10:232
                host_vm=kvm
                host_container=none
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
                host_vm=none
                """);
        assertFalse(k.usable());
        assertTrue(k.hint().contains("kvm group"), k.hint());
    }

    /** The machine of 2026-12-07: a PVM guest (Firecracker) that also carries /.dockerenv, kvm modules, no device. */
    @Test
    void readsAVirtualMachineHoldingAContainerWithoutNestedVirtualization() {
        KvmFacts k = KvmFacts.parse("""
                vendor=AuthenticAMD
                flag=
                hypervisor=1
                devkvm=0
                modules=kvm kvm_pvm
                nested=
                probe=none
                probe_error=/dev/kvm does not exist
                bios_lock=unknown
                host_vm=kvm
                host_container=docker
                """);
        assertFalse(k.usable());
        assertEquals("guest", k.hostVirtRole(), "the VM layer decides KVM, not the container traces");
        assertEquals("kvm", k.hostVirt());
        assertEquals("a virtual machine (kvm) holding a container (docker)", k.layers());
        assertEquals("kvm", k.asFacts().get("host_vm"));
        assertEquals("docker", k.asFacts().get("host_container"));
        assertTrue(k.explain().contains("offers no nested virtualization"), k.explain());
        assertTrue(k.explain().contains("kvm kvm_pvm"), k.explain());
        assertTrue(k.hint().contains("nested virtualization in the hypervisor"), k.hint());
    }

    @Test
    void readsAContainerThatWasNotGivenTheDevice() {
        KvmFacts k = KvmFacts.parse("""
                flag=vmx
                devkvm=0
                modules=kvm kvm_intel
                probe=none
                kvm_dev=10:232
                host_vm=none
                host_container=docker
                """);
        assertEquals("container", k.hostVirtRole());
        assertTrue(k.explain().contains("this docker container was not given it"), k.explain());
        assertTrue(k.hint().contains("--device /dev/kvm"), k.hint());
    }

    @Test
    void readsAHostWhoseKernelRegisteredKvmButNothingMadeTheNode() {
        KvmFacts k = KvmFacts.parse("""
                devkvm=0
                modules=kvm kvm_amd
                kvm_dev=10:232
                host_vm=none
                host_container=none
                """);
        assertEquals("bare metal", k.layers());
        assertTrue(k.hint().startsWith("make the node as udev would: mknod /dev/kvm c 10 232"), k.hint());
    }
}
