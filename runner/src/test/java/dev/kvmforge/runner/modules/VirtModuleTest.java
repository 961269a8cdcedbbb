package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.libvirt.DomainState;
import dev.kvmforge.runner.libvirt.Libvirt;
import dev.kvmforge.runner.libvirt.LibvirtDomain;
import dev.kvmforge.runner.libvirt.LocalLibvirtd;
import dev.kvmforge.testkit.GuestAcceleration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;

/**
 * {@code community.libvirt.virt} against the machine's real libvirtd, as the published roles use it: define from a
 * template's XML, start, autostart, list, info, undefine. Domains of type kvm where /dev/kvm is usable, qemu where not.
 */
@DisplayNameGeneration(GuestAcceleration.Named.class)
class VirtModuleTest {

    private final VirtModule module = new VirtModule();
    private String name;
    private Path dir;
    private Path disk;

    @BeforeAll
    static void libvirtd() {
        LocalLibvirtd.ensureRunning();
    }

    @BeforeEach
    void fresh() {
        name = LocalLibvirtd.name("virt");
        dir = LocalLibvirtd.directory();
        disk = dir.resolve("disk.raw");
    }

    @AfterEach
    void cleanUp() {
        LocalLibvirtd.removeDomain(name);
        LocalLibvirtd.removeDirectory(dir);
    }

    private Optional<LibvirtDomain> domain() {
        try (Libvirt l = Libvirt.open(TaskRun.LOCAL, null)) {
            return l.domain(name);
        }
    }

    private Map<String, Object> define(int memoryMib) {
        return Map.of("command", "define", "name", name, "xml", LocalLibvirtd.domainXml(name, disk, memoryMib),
                "mutate_flags", List.of("ADD_UUID", "ADD_MAC_ADDRESSES"));
    }

    @Test
    void definesBeforeItsDiskExistsThenRedefinesOnlyWhatTheXmlChanges() {
        TaskRun dry = TaskRun.check(module, define(128));
        assertTrue(dry.changed());
        assertTrue(domain().isEmpty(), "check mode defines nothing");
        TaskRun defined = TaskRun.run(module, define(128));
        assertEquals(dry.summaries(), defined.summaries());
        assertEquals(name, defined.result().values().get("created"));
        assertFalse(Files.exists(disk), "defined before its disk exists, as the collection allows");
        assertFalse(TaskRun.run(module, define(128)).changed(), "second run");

        TaskRun bigger = TaskRun.check(module, define(192));
        assertEquals(List.of("redefine domain " + name), bigger.summaries());
        Diff diff = bigger.diffs().get(0);
        assertTrue(diff.before().contains("131072") && diff.after().contains("196608"), diff.toString());
        TaskRun.run(module, define(192));
        assertFalse(TaskRun.run(module, define(192)).changed(), "second run");

        String withoutName = LocalLibvirtd.domainXml(name, disk, 192).replace("<name>" + name + "</name>", "");
        assertFalse(TaskRun.run(module, Map.of("command", "define", "name", name, "xml", withoutName)).changed(),
                "the name parameter fills in a missing <name>");
        KvmforgeException other = assertThrows(KvmforgeException.class, () -> TaskRun.run(module,
                Map.of("command", "define", "name", "kvmf-test-other", "xml", LocalLibvirtd.domainXml(name, disk, 1))));
        assertTrue(other.what().contains("does not match name in XML"), other.what());
        String foreignUuid = LocalLibvirtd.domainXml(name, disk, 192).replace("<memory", "<uuid>"
                + "11111111-2222-3333-4444-555555555555</uuid><memory");
        KvmforgeException uuid = assertThrows(KvmforgeException.class, () -> TaskRun.run(module,
                Map.of("command", "define", "xml", foreignUuid)));
        assertTrue(uuid.what().contains("with a different UUID"), uuid.what());
    }

    @Test
    void startsPausesResumesAndPowersOffWithTheCollectionsStatesAndCommands() {
        LocalLibvirtd.rawDisk(dir, "disk.raw");
        TaskRun.run(module, define(128));
        Map<String, Object> running = Map.of("name", name, "state", "running");
        assertEquals(List.of("start domain " + name), TaskRun.check(module, running).summaries());
        assertEquals(DomainState.SHUT_OFF, domain().orElseThrow().state(), "check mode starts nothing");
        TaskRun.run(module, running);
        assertEquals(DomainState.RUNNING, domain().orElseThrow().state());
        assertFalse(TaskRun.run(module, running).changed(), "second run");
        assertFalse(TaskRun.run(module, Map.of("name", name, "command", "start")).changed(),
                "starting a running domain is ok");
        assertEquals("running", TaskRun.run(module, Map.of("name", name, "command", "status")).result().values()
                .get("status"));
        @SuppressWarnings("unchecked")
        List<String> runningOnes = (List<String>) TaskRun.check(module, Map.of("command", "list_vms",
                "state", "running")).result().values().get("list_vms");
        assertTrue(runningOnes.contains(name), runningOnes.toString());

        TaskRun.run(module, Map.of("name", name, "state", "paused"));
        assertEquals(DomainState.PAUSED, domain().orElseThrow().state());
        assertEquals(List.of("resume domain " + name), TaskRun.run(module, running).summaries());
        TaskRun destroy = TaskRun.run(module, Map.of("name", name, "state", "destroyed"));
        assertEquals(List.of("destroy domain " + name + " (power off at once)"), destroy.summaries());
        assertEquals(DomainState.SHUT_OFF, domain().orElseThrow().state());
        assertFalse(TaskRun.run(module, Map.of("name", name, "state", "shutdown")).changed(),
                "a shut-off domain is shut down");
    }

    @Test
    void setsAutostartAndReportsInfoAsTheRolesRegisterIt() {
        TaskRun.run(module, define(128));
        Map<String, Object> autostartInfo = Map.of("name", name, "autostart", true, "command", "info");
        assertEquals(List.of("autostart domain " + name + ": on"), TaskRun.check(module, autostartInfo).summaries());
        TaskRun info = TaskRun.run(module, autostartInfo);
        assertTrue(info.changed());
        assertTrue(domain().orElseThrow().autostart());
        assertFalse(TaskRun.run(module, autostartInfo).changed(), "second run");
        @SuppressWarnings("unchecked")
        Map<String, Object> mine = (Map<String, Object>) info.result().values().get(name);
        assertEquals(Map.of("state", "shutdown", "maxMem", "131072", "memory", "131072", "nrVirtCpu", 1,
                "cpuTime", "0", "autostart", 1), mine);

        Map<String, Object> node = TaskRun.check(module, Map.of("command", "nodeinfo")).result().values();
        assertEquals(Integer.toString(Runtime.getRuntime().availableProcessors()), node.get("cpus"));
        assertEquals("QEMU", TaskRun.check(module, Map.of("command", "virttype")).result().values().get("virttype"));
        assertTrue((Long) TaskRun.check(module, Map.of("command", "freemem")).result().values().get("freemem") > 0);
        String virshUuid = TaskRun.LOCAL.check("virsh -q -c qemu:///system domuuid --domain " + name).strip();
        assertEquals(virshUuid, TaskRun.check(module, Map.of("name", name, "command", "uuid")).result().values()
                .get("uuid"));
        assertEquals(Map.of(), TaskRun.check(module, Map.of("name", name, "command", "get_interfaces")).result()
                .values().get("network_interfaces"));
    }

    @Test
    void undefineKeepsTheDisksEvenWithForceOnlyDeleteVolumesSaysOtherwise() {
        LocalLibvirtd.rawDisk(dir, "disk.raw");
        TaskRun.run(module, define(128));
        TaskRun undefine = TaskRun.check(module, Map.of("name", name, "command", "undefine", "force", true));
        assertEquals(List.of("undefine domain " + name + " and its managed save, snapshots, nvram, checkpoints "
                + "metadata (its disks stay: " + disk + ")"), undefine.summaries());
        TaskRun.run(module, Map.of("name", name, "command", "undefine", "force", true));
        assertTrue(domain().isEmpty());
        assertTrue(Files.exists(disk), "force removes metadata, never the disks");
        assertFalse(TaskRun.run(module, Map.of("name", name, "command", "undefine")).changed(), "second run");
    }

    @Test
    void badArgumentsAndMissingDomainsAreClearErrors() {
        KvmforgeException missing = assertThrows(KvmforgeException.class,
                () -> TaskRun.run(module, Map.of("name", name, "state", "running")));
        assertEquals("domain " + name + " not found", missing.what());
        assertEquals(List.of("start domain " + name + " (not defined yet: an earlier task would define it)"),
                TaskRun.check(module, Map.of("name", name, "state", "running")).summaries());
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("name", "x"),
                Map.of("command", "define"), Map.of("command", "status"),
                Map.of("name", "x", "state", "running", "command", "start"),
                Map.of("name", "x", "command", "undefine", "flags", "nvram, keep_nvram"),
                Map.of("name", "x", "command", "undefine", "flags", List.of("everything")),
                Map.of("name", "x", "command", "get_ifaddresses"),
                Map.of("name", "x", "state", "gone"))) {
            assertThrows(KvmforgeException.class, () -> Parameters.bind(module, bad), bad.toString());
        }
    }
}
