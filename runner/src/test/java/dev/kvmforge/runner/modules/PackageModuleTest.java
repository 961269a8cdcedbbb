package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Facts;
import dev.kvmforge.runner.modules.PackageManager.Goal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The package module with real apt on this Debian machine; dnf by the commands it generates. */
class PackageModuleTest {

    private static final String PKG = "hello";

    private static boolean installed(String name) {
        return TaskRun.LOCAL.run("dpkg-query -W -f='${Status}' " + name + " 2>/dev/null | grep -q 'install ok installed'").ok();
    }

    @AfterEach
    void removeHello() {
        TaskRun.LOCAL.run("DEBIAN_FRONTEND=noninteractive apt-get -y -q remove " + PKG + " >/dev/null 2>&1");
    }

    @Test
    void installsExactlyWhatCheckModeListedThenChangesNothing() {
        removeHello();
        Map<String, Object> args = Map.of("name", PKG, "update_cache", true, "cache_valid_time", 86400);
        TaskRun dry = TaskRun.check(new PackageModule(), args);
        assertTrue(dry.result().changed());
        assertTrue(dry.plan().changes().stream().anyMatch(c -> c.summary().startsWith("install hello")),
                dry.plan().changes().toString());
        assertFalse(installed(PKG), "check mode must not install");

        TaskRun real = TaskRun.run(new PackageModule(), args);
        assertTrue(real.result().changed(), real.result().toString());
        assertTrue(installed(PKG));

        TaskRun again = TaskRun.run(new PackageModule(), args);
        assertFalse(again.result().changed(), again.plan().changes().toString());
        assertTrue(again.plan().isEmpty());

        TaskRun remove = TaskRun.run(new PackageModule(), Map.of("name", PKG, "state", "absent"));
        assertTrue(remove.result().changed());
        assertFalse(installed(PKG));
    }

    @Test
    void anUnknownPackageIsAnErrorBeforeAnythingChanges() {
        KvmforgeException e = assertThrows(KvmforgeException.class,
                () -> TaskRun.run(new PackageModule(), Map.of("name", List.of(PKG, "no-such-package-kvmforge"))));
        assertTrue(e.getMessage().contains("no-such-package-kvmforge"), e.getMessage());
        assertTrue(e.hint().isPresent());
        assertFalse(installed(PKG), "one transaction: nothing installed when one name is wrong");
    }

    @Test
    void aShellWordIsNotAPackageName() {
        KvmforgeException e = assertThrows(KvmforgeException.class,
                () -> TaskRun.run(new PackageModule(), Map.of("name", "hello; touch /tmp/x")));
        assertTrue(e.getMessage().contains("is not a package name"), e.getMessage());
    }

    @Test
    void theTutorialsQemuKvmIsQemuSystemX86OnDebian() {
        Facts debian = new Facts("h", "Debian", "debian", "12", "bookworm", "x86_64", "6.1", 2, 1024, "root", "init");
        Facts ubuntu = new Facts("h", "Debian", "ubuntu", "24.04", "noble", "x86_64", "6.8", 2, 1024, "root", "systemd");
        Facts fedora = new Facts("h", "RedHat", "fedora", "40", "", "x86_64", "6.8", 2, 1024, "root", "systemd");
        List<String> tutorial = List.of("qemu-kvm", "libvirt-daemon-system", "libvirt-clients", "bridge-utils");
        assertEquals(List.of("qemu-system-x86", "qemu-utils", "libvirt-daemon-system", "libvirt-clients", "bridge-utils"),
                PackageNames.resolve(tutorial, debian));
        assertEquals(List.of("qemu-kvm", "libvirt-daemon-system", "libvirt-clients", "bridge-utils"),
                PackageNames.resolve(tutorial, ubuntu));
        assertEquals(List.of("qemu-kvm", "qemu-img", "libvirt-daemon-kvm", "libvirt-daemon-config-network",
                "libvirt-client", "iproute"), PackageNames.resolve(tutorial, fedora));
        assertEquals(List.of("vim"), PackageNames.resolve(List.of("vim"), debian));
    }

    @Test
    void onThisDebianTheMappedNamesReallyExist() {
        TaskRun dry = TaskRun.check(new PackageModule(), Map.of("name", List.of("qemu-kvm", "bridge-utils"),
                "update_cache", true, "cache_valid_time", 86400));
        assertEquals(List.of("qemu-system-x86", "qemu-utils", "bridge-utils"), dry.plan().values().get("packages"));
    }

    @Test
    void dnfCommandsAndSimulationOutput() {
        PackageManager dnf = new PackageManager.Dnf(null);
        assertEquals("LC_ALL=C dnf -y -q install qemu-kvm 'odd name'", dnf.carryOut(Goal.PRESENT, List.of("qemu-kvm", "odd name")));
        assertEquals("LC_ALL=C dnf -y -q remove libvirt-client", dnf.carryOut(Goal.ABSENT, List.of("libvirt-client")));
        assertEquals("LC_ALL=C dnf -q --assumeno install qemu-kvm 2>&1; true", dnf.simulate(Goal.PRESENT, List.of("qemu-kvm")));
        List<PackageManager.Step> steps = dnf.steps("""
                Dependencies resolved.
                ================================================================================
                 Package            Arch       Version                 Repository          Size
                ================================================================================
                Installing:
                 qemu-kvm           x86_64     2:8.2.0-11.el9          appstream           62 k
                Installing dependencies:
                 qemu-img           x86_64     2:8.2.0-11.el9          appstream          2.5 M
                Removing:
                 old-thing          noarch     1.0-1                   @System             10 k
                """);
        assertEquals(List.of("install qemu-kvm (2:8.2.0-11.el9)", "install qemu-img (2:8.2.0-11.el9)",
                "remove old-thing (1.0-1)"), steps.stream().map(PackageManager.Step::toString).toList());
        assertEquals(List.of("nosuch"), dnf.unknownNames("No match for argument: nosuch\nError: Unable to find a match"));
    }

    @Test
    void aptReadsItsSimulation() {
        PackageManager apt = new PackageManager.Apt(java.time.Duration.ofSeconds(5), null);
        List<PackageManager.Step> steps = apt.steps("""
                NOTE: This is only a simulation!
                Inst libc6 [2.36-9] (2.36-9+deb12u4 Debian:12.8/stable [amd64])
                Inst hello (2.10-3 Debian:12.8/stable [amd64])
                Conf hello (2.10-3 Debian:12.8/stable [amd64])
                Remv sl [5.02-1+b1]
                """);
        assertEquals(List.of("upgrade libc6 (2.36-9+deb12u4)", "install hello (2.10-3)", "remove sl"),
                steps.stream().map(PackageManager.Step::toString).toList());
        assertEquals(List.of("nosuch"), apt.unknownNames("E: Unable to locate package nosuch"));
        assertTrue(apt.lockHeld("E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 12"));
    }

    @Test
    void aptWildcardsAreThePackagesTheyMatch() {
        TaskRun dry = TaskRun.check(new PackageModule(), Map.of("name", List.of("qemu-util?", "dpk[g]")));
        assertEquals(List.of("qemu-utils", "dpkg"), dry.plan().values().get("packages"));
        assertTrue(dry.plan().changes().isEmpty(), "both installed here: nothing to do");
        KvmforgeException none = assertThrows(KvmforgeException.class, () -> TaskRun.check(new PackageModule(), Map.of("name", "kvmforge-none*")));
        assertTrue(none.what().contains("no package matches 'kvmforge-none*'"), none.what());
    }
}
