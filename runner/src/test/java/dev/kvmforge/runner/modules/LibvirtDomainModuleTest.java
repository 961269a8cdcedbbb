package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.libvirt.DomainState;
import dev.kvmforge.runner.libvirt.Libvirt;
import dev.kvmforge.runner.libvirt.LibvirtDomain;
import dev.kvmforge.runner.libvirt.LocalLibvirtd;
import dev.kvmforge.runner.libvirt.XmlElement;
import dev.kvmforge.testkit.GuestAcceleration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;

/**
 * {@code libvirt_domain} against the machine's real libvirtd: domains with a blank raw disk and no NIC, of type kvm
 * where this machine has a usable /dev/kvm and of type qemu (software emulation) where it has not.
 */
@DisplayNameGeneration(GuestAcceleration.Named.class)
class LibvirtDomainModuleTest {

    /** How guests run here: the domain type the tests define. */
    private static final GuestAcceleration MACHINE = GuestAcceleration.ofThisMachine();

    private String name;
    private Path dir;
    private Path disk;

    @BeforeAll
    static void libvirtd() {
        LocalLibvirtd.ensureRunning();
    }

    @BeforeEach
    void fresh() {
        name = LocalLibvirtd.name("vm");
        dir = LocalLibvirtd.directory();
        disk = LocalLibvirtd.rawDisk(dir, "disk.raw");
    }

    @AfterEach
    void cleanUp() {
        LocalLibvirtd.removeDomain(name);
        LocalLibvirtd.removeDirectory(dir);
    }

    private Map<String, Object> vm(int memoryMb, String state) {
        Map<String, Object> args = new HashMap<>();
        args.put("name", name);
        args.put("memory_mb", memoryMb);
        args.put("disks", List.of(Map.of("path", disk.toString())));
        args.put("serial_log", dir.resolve("serial.log").toString());
        args.put("graphics", "vnc");
        args.put("domain_type", MACHINE.domainType());
        args.put("state", state);
        return args;
    }

    private static Map<String, Object> with(Map<String, Object> args, Object... more) {
        Map<String, Object> m = new HashMap<>(args);
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    private Optional<LibvirtDomain> domain() {
        try (Libvirt l = Libvirt.open(TaskRun.LOCAL, null)) {
            return l.domain(name);
        }
    }

    private XmlElement storedXml() {
        try (Libvirt l = Libvirt.open(TaskRun.LOCAL, null)) {
            return XmlElement.parse(l.domainXml(name));
        }
    }

    private DomainState state() {
        return domain().orElseThrow().state();
    }

    @Test
    void definesAndStartsADomainExactlyAsCheckModeSaidThenChangesNothing() {
        LibvirtDomainModule m = new LibvirtDomainModule();
        TaskRun dry = TaskRun.check(m, vm(128, "running"));
        assertTrue(dry.changed());
        assertEquals(List.of("define domain " + name + " (" + MACHINE.domainType() + ", 128 MiB, 1 vCPU, 1 disk, no network interface, VNC on "
                + "127.0.0.1)", "start domain " + name), dry.summaries());
        assertEquals("", dry.diffs().get(0).before());
        assertTrue(dry.diffs().get(0).after().contains("<memory unit='KiB'>131072</memory>"));
        assertTrue(domain().isEmpty(), "check mode defines nothing");

        TaskRun real = TaskRun.run(m, vm(128, "running"));
        assertEquals(dry.summaries(), real.summaries());
        assertEquals(Map.of("name", name, "state", "running", "autostart", false), real.result().values());
        assertEquals(DomainState.RUNNING, state());
        XmlElement xml = storedXml();
        assertEquals(MACHINE.domainType(), xml.attribute("type"));
        assertEquals("127.0.0.1", xml.find("devices/graphics").orElseThrow().attribute("listen"));
        assertTrue(xml.find("devices/interface").isEmpty(), "no NIC unless asked");

        TaskRun again = TaskRun.run(m, vm(128, "running"));
        assertFalse(again.changed(), again.summaries().toString());
        assertTrue(again.plan().isEmpty());
    }

    @Test
    void moreMemoryShowsTheDiffAndRedefinesARunningDomainForItsNextBootWithoutStoppingIt() {
        LibvirtDomainModule m = new LibvirtDomainModule();
        TaskRun.run(m, vm(128, "running"));
        String uuid = storedXml().child("uuid").orElseThrow().text();

        TaskRun dry = TaskRun.check(m, vm(192, "running"));
        assertEquals(List.of("redefine domain " + name + " (it keeps running as it is: the new definition applies at "
                + "its next boot)"), dry.summaries());
        Diff diff = dry.diffs().get(0);
        assertTrue(diff.before().contains("<memory unit='KiB'>131072</memory>"), diff.before());
        assertTrue(diff.after().contains("<memory unit='KiB'>196608</memory>"), diff.after());
        assertTrue(diff.after().contains(uuid), "the UUID is kept");
        assertEquals("131072", storedXml().child("memory").orElseThrow().text(), "check mode redefines nothing");

        TaskRun real = TaskRun.run(m, vm(192, "running"));
        assertTrue(real.changed());
        assertTrue(real.result().msg().contains("next boot"), real.result().msg());
        assertEquals("196608", storedXml().child("memory").orElseThrow().text());
        assertEquals(DomainState.RUNNING, state(), "never stopped to redefine");
        assertFalse(TaskRun.run(m, vm(192, "running")).changed());
    }

    @Test
    void pausesDestroysAndUndefinesKeepingTheDiskUnlessAsked() {
        LibvirtDomainModule m = new LibvirtDomainModule();
        TaskRun.run(m, vm(128, "running"));
        assertTrue(TaskRun.run(m, Map.of("name", name, "state", "paused")).changed());
        assertEquals(DomainState.PAUSED, state());
        assertFalse(TaskRun.run(m, Map.of("name", name, "state", "paused")).changed());

        TaskRun destroy = TaskRun.run(m, Map.of("name", name, "state", "destroyed"));
        assertEquals(List.of("destroy domain " + name + " (power off at once)"), destroy.summaries());
        assertEquals(DomainState.SHUT_OFF, state());
        assertFalse(TaskRun.run(m, Map.of("name", name, "state", "destroyed")).changed());

        TaskRun undefine = TaskRun.run(m, Map.of("name", name, "state", "undefined"));
        assertEquals(List.of("undefine domain " + name + " (its disks stay: " + disk + ")"), undefine.summaries());
        assertTrue(domain().isEmpty());
        assertTrue(Files.exists(disk), "the disk stays without remove_storage");
        assertFalse(TaskRun.run(m, Map.of("name", name, "state", "undefined")).changed());
    }

    @Test
    void aRunningDomainIsNeverPoweredOffUnlessATaskSaysSo() {
        LibvirtDomainModule m = new LibvirtDomainModule();
        TaskRun.run(m, vm(128, "running"));

        KvmforgeException refused = assertThrows(KvmforgeException.class,
                () -> TaskRun.run(m, Map.of("name", name, "state", "undefined", "remove_storage", true)));
        assertTrue(refused.getMessage().contains("destroy_running: true"), refused.getMessage());
        assertEquals(DomainState.RUNNING, state());
        assertTrue(Files.exists(disk));

        // the guest (no OS: it sits in the BIOS) ignores the ACPI power button: the task fails, the VM runs on
        KvmforgeException ignored = assertThrows(KvmforgeException.class,
                () -> TaskRun.run(m, Map.of("name", name, "state", "shutdown", "shutdown_timeout", 1)));
        assertTrue(ignored.getMessage().contains("did not power off"), ignored.getMessage());
        assertEquals(DomainState.RUNNING, state());

        TaskRun gone = TaskRun.run(m, Map.of("name", name, "state", "undefined", "destroy_running", true,
                "remove_storage", true));
        assertEquals(List.of("destroy domain " + name + " (destroy_running: true)", "undefine domain " + name
                + " and delete its disks (remove_storage: true): " + disk), gone.summaries());
        assertEquals(List.of(disk.toString()), gone.result().values().get("storage_removed"));
        assertTrue(domain().isEmpty());
        assertFalse(Files.exists(disk));
    }

    @Test
    void definesFromXmlAndFindsNothingToChangeInWhatLibvirtAdded() {
        LibvirtDomainModule m = new LibvirtDomainModule();
        Map<String, Object> args = Map.of("xml", LocalLibvirtd.domainXml(name, disk, 128), "autostart", true,
                "return_xml", true);
        TaskRun first = TaskRun.run(m, args);
        assertEquals(List.of("define domain " + name + " (from xml)", "autostart domain " + name + ": on"),
                first.summaries());
        assertTrue(domain().orElseThrow().autostart());
        TaskRun again = TaskRun.run(m, args);
        assertFalse(again.changed(), again.summaries().toString());
        assertTrue(((String) again.result().values().get("xml")).contains("<uuid>"));
        assertTrue(TaskRun.run(m, Map.of("xml", LocalLibvirtd.domainXml(name, disk, 256))).changed());
        assertEquals("262144", storedXml().child("memory").orElseThrow().text());
    }

    @Test
    void wrongInputIsAnErrorNamingTheParameterBeforeAnythingChanges() {
        LibvirtDomainModule m = new LibvirtDomainModule();
        for (String bad : List.of("a b", "x;reboot", "it's", "")) {
            KvmforgeException e = assertThrows(KvmforgeException.class,
                    () -> TaskRun.run(m, with(vm(128, "running"), "name", bad)));
            assertTrue(e.getMessage().contains("'name'"), e.getMessage());
        }
        KvmforgeException memory = assertThrows(KvmforgeException.class,
                () -> TaskRun.run(m, vm(64 * 1024 * 1024, "running")));
        assertTrue(memory.getMessage().contains("memory_mb") && memory.getMessage().contains("MemTotal"),
                memory.getMessage());
        KvmforgeException noDisk = assertThrows(KvmforgeException.class, () -> TaskRun.run(m, with(vm(128, "running"),
                "disks", List.of(Map.of("path", dir.resolve("missing.raw").toString())))));
        assertTrue(noDisk.getMessage().contains("disks[0].path") && noDisk.getMessage().contains("does not exist"),
                noDisk.getMessage());
        KvmforgeException noIso = assertThrows(KvmforgeException.class, () -> TaskRun.run(m, with(vm(128, "running"),
                "cdrom", dir.resolve("missing.iso").toString())));
        assertTrue(noIso.getMessage().contains("cdrom"), noIso.getMessage());
        KvmforgeException spice = assertThrows(KvmforgeException.class,
                () -> TaskRun.run(m, with(vm(128, "running"), "graphics", "spice")));
        assertTrue(spice.getMessage().contains("graphics"), spice.getMessage());
        assertTrue(domain().isEmpty(), "nothing was defined");
        assertThrows(KvmforgeException.class, () -> TaskRun.run(m, Map.of("name", name, "state", "running")),
                "an unknown domain without a definition");
    }

    @Test
    void anEmulatedDomainWithACdromAndAnInterfaceOnAnIsolatedNetwork() throws Exception {
        String net = LocalLibvirtd.name("net");
        Path iso = Files.writeString(dir.resolve("blank.iso"), "");
        try {
            TaskRun.run(new LibvirtNetworkModule(), Map.of("name", net, "bridge", LocalLibvirtd.bridgeName(),
                    "state", "active"));
            Map<String, Object> args = with(vm(128, "running"), "domain_type", "qemu", "cdrom", iso.toString(),
                    "interfaces", List.of(Map.of("network", net)), "vcpus", 2, "machine", "pc");
            TaskRun first = TaskRun.run(new LibvirtDomainModule(), args);
            assertTrue(first.changed());
            XmlElement xml = storedXml();
            assertEquals("qemu", xml.attribute("type"));
            assertEquals("cdrom", xml.find("os/boot").orElseThrow().attribute("dev"));
            assertEquals(net, xml.find("devices/interface/source").orElseThrow().attribute("network"));
            assertTrue(xml.find("os/type").orElseThrow().attribute("machine").startsWith("pc-i440fx-"));
            TaskRun again = TaskRun.run(new LibvirtDomainModule(), args);
            assertFalse(again.changed(), again.diffs().toString());
            assertNull(again.result().msg());
        } finally {
            LocalLibvirtd.removeDomain(name);
            LocalLibvirtd.removeNetwork(net);
        }
    }

    @Test
    void autoIsKvmWhereLibvirtCanUseItAndSoftwareEmulationWithAWarningElsewhere() {
        LibvirtDomainModule m = new LibvirtDomainModule();
        Map<String, Object> auto = with(vm(128, "running"), "domain_type", "auto");
        TaskRun dry = TaskRun.check(m, auto);
        assertEquals("define domain " + name + " (" + MACHINE.domainType() + ", 128 MiB, 1 vCPU, 1 disk, no network"
                + " interface, VNC on 127.0.0.1)", dry.summaries().get(0));
        TaskRun real = TaskRun.run(m, auto);
        assertEquals(MACHINE.domainType(), storedXml().attribute("type"));
        assertEquals(DomainState.RUNNING, state());
        Object warnings = real.result().values().get("warnings");
        if (MACHINE.kvm()) {
            assertNull(warnings, "KVM works here: nothing to warn about");
        } else {
            assertTrue(String.valueOf(warnings).contains("runs under software emulation (domain_type qemu)")
                    && String.valueOf(warnings).contains("much slower"), String.valueOf(warnings));
        }
        assertFalse(TaskRun.run(m, auto).changed(), "auto decides the same way again: nothing to change");
    }

    @Test
    void kvmIsDefinedWhereLibvirtCanUseItAndIsOneClearErrorNamingTheWayOnElsewhere() {
        LibvirtDomainModule m = new LibvirtDomainModule();
        Map<String, Object> kvm = with(vm(128, "running"), "domain_type", "kvm");
        if (MACHINE.kvm()) {
            assertTrue(TaskRun.run(m, kvm).changed());
            assertEquals("kvm", storedXml().attribute("type"));
            return;
        }
        for (boolean check : List.of(true, false)) {
            KvmforgeException e = assertThrows(KvmforgeException.class,
                    () -> TaskRun.run(m, kvm, check, Map.of(), null));
            assertTrue(e.what().startsWith("domain_type kvm: domain " + name + " needs KVM, which local cannot"
                    + " offer: "), e.getMessage());
            assertEquals("local", e.where().orElseThrow(), "the host is named");
            String hint = e.hint().orElseThrow();
            assertTrue(hint.contains("domain_type: auto") && hint.contains("kvm_required=false"), hint);
            assertFalse(e.getMessage().contains("could not get preferred machine"), "libvirt's raw error");
        }
        assertTrue(domain().isEmpty(), "nothing was defined");
    }
}
