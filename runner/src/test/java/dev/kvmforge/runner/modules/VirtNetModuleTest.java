package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.libvirt.Libvirt;
import dev.kvmforge.runner.libvirt.LibvirtNetwork;
import dev.kvmforge.runner.libvirt.LocalLibvirtd;
import dev.kvmforge.runner.libvirt.XmlElement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code community.libvirt.virt_net} against the machine's real libvirtd, as the collection's documentation and
 * examples use it. Only isolated networks without an IP block, named {@code kvmf-test-*}.
 */
class VirtNetModuleTest {

    private final VirtNetModule module = new VirtNetModule();
    private String name;
    private String bridge;

    @BeforeAll
    static void libvirtd() {
        LocalLibvirtd.ensureRunning();
    }

    @BeforeEach
    void fresh() {
        name = LocalLibvirtd.name("net");
        bridge = LocalLibvirtd.bridgeName();
    }

    @AfterEach
    void cleanUp() {
        LocalLibvirtd.removeNetwork(name);
    }

    private Optional<LibvirtNetwork> network() {
        try (Libvirt l = Libvirt.open(TaskRun.LOCAL, null)) {
            return l.network(name);
        }
    }

    private String virsh(String args) {
        return TaskRun.LOCAL.check("virsh -q -c qemu:///system " + args).strip();
    }

    @Test
    void definesStartsAutostartsAndRemovesAsTheCollectionsExamplesDo() {
        Map<String, Object> define = Map.of("command", "define", "name", name,
                "xml", LocalLibvirtd.isolatedNetworkXml(name, bridge));
        TaskRun dry = TaskRun.check(module, define);
        assertEquals(List.of("define network " + name), dry.summaries());
        assertTrue(network().isEmpty(), "check mode defines nothing");
        TaskRun defined = TaskRun.run(module, define);
        assertTrue(defined.changed());
        assertEquals(name, defined.result().values().get("created"));
        assertEquals(Optional.of(new LibvirtNetwork(name, false, false, true, bridge, "isolated")), network());

        String other = LocalLibvirtd.bridgeName();
        assertFalse(TaskRun.run(module, Map.of("command", "define", "name", name,
                "xml", LocalLibvirtd.isolatedNetworkXml(name, other))).changed(),
                "define leaves an existing network as it is, as the collection does");
        assertEquals(bridge, network().orElseThrow().bridge());

        Map<String, Object> autostart = Map.of("name", name, "autostart", true);
        assertEquals(List.of("autostart network " + name + ": on"), TaskRun.check(module, autostart).summaries());
        assertTrue(TaskRun.run(module, autostart).changed());
        assertFalse(TaskRun.run(module, autostart).changed(), "second run");

        Map<String, Object> active = Map.of("name", name, "state", "active");
        assertEquals(List.of("start network " + name), TaskRun.run(module, active).summaries());
        assertFalse(TaskRun.run(module, active).changed(), "second run");
        assertFalse(TaskRun.run(module, Map.of("name", name, "command", "start")).changed(),
                "starting an active network is ok");
        assertTrue(network().orElseThrow().active());
        assertEquals("active", TaskRun.run(module, Map.of("name", name, "command", "status")).result().values()
                .get("status"));

        TaskRun stop = TaskRun.run(module, Map.of("name", name, "command", "destroy"));
        assertEquals(List.of("stop network " + name), stop.summaries());
        assertFalse(network().orElseThrow().active());
        TaskRun.run(module, Map.of("name", name, "state", "active"));

        TaskRun dryAbsent = TaskRun.check(module, Map.of("name", name, "state", "absent"));
        assertEquals(List.of("stop network " + name, "undefine network " + name), dryAbsent.summaries());
        assertTrue(network().isPresent());
        TaskRun.run(module, Map.of("name", name, "state", "absent"));
        assertTrue(network().isEmpty());
        assertFalse(TaskRun.run(module, Map.of("name", name, "state", "absent")).changed());
    }

    @Test
    void listsAndReportsFactsAsTheCollectionDoes() {
        TaskRun.run(module, Map.of("command", "define", "name", name, "xml",
                LocalLibvirtd.isolatedNetworkXml(name, bridge)));
        List<String> virshNames = List.of(virsh("net-list --all --name").split("\\s+"));
        @SuppressWarnings("unchecked")
        List<String> listed = (List<String>) TaskRun.check(module, Map.of("command", "list_nets")).result().values()
                .get("list_nets");
        assertEquals(virshNames.stream().sorted().toList(), listed);
        @SuppressWarnings("unchecked")
        List<String> inactive = (List<String>) TaskRun.check(module, Map.of("command", "list_nets",
                "state", "inactive")).result().values().get("list_nets");
        assertTrue(inactive.contains(name), inactive.toString());
        @SuppressWarnings("unchecked")
        List<String> activeOnes = (List<String>) TaskRun.check(module, Map.of("command", "list_nets",
                "state", "active")).result().values().get("list_nets");
        assertFalse(activeOnes.contains(name), activeOnes.toString());

        TaskRun facts = TaskRun.check(module, Map.of("command", "facts"));
        assertFalse(facts.changed());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> nets = (Map<String, Map<String, Object>>) ((Map<String, Object>) facts
                .result().values().get("ansible_facts")).get("ansible_libvirt_networks");
        String mac = XmlElement.parse(virsh("net-dumpxml --network " + name)).child("mac").orElseThrow()
                .attribute("address");
        assertEquals(Map.of("autostart", "no", "persistent", "yes", "state", "inactive", "bridge", bridge,
                "uuid", virsh("net-uuid --network " + name), "macaddress", mac), nets.get(name));
        TaskRun info = TaskRun.check(module, Map.of("command", "info"));
        assertEquals(nets, info.result().values().get("networks"));
        assertTrue(((String) TaskRun.check(module, Map.of("command", "get_xml", "name", name)).result().values()
                .get("get_xml")).contains("<name>" + name + "</name>"));
    }

    @Test
    void aMissingNetworkIsAnErrorThatNamesItAndCheckModePlansItsStart() {
        KvmforgeException e = assertThrows(KvmforgeException.class,
                () -> TaskRun.run(module, Map.of("name", name, "state", "active")));
        assertEquals("network " + name + " not found", e.what());
        assertEquals(List.of("start network " + name + " (not defined yet: an earlier task would define it)"),
                TaskRun.check(module, Map.of("name", name, "state", "active")).summaries());
        KvmforgeException present = assertThrows(KvmforgeException.class,
                () -> TaskRun.run(module, Map.of("name", name, "state", "present")));
        assertTrue(present.what().contains("not present, but xml not specified"), present.what());
        assertThrows(KvmforgeException.class, () -> TaskRun.run(module, Map.of("name", name, "command", "status")));
    }

    @Test
    void badArgumentsAreRefusedBeforeLibvirtIsAsked() {
        assertMessage("expected state, command or autostart", Map.of("name", "x"));
        assertMessage("command: define requires 'xml'", Map.of("name", "x", "command", "define"));
        assertMessage("state and command go together only with command: list_nets",
                Map.of("name", "x", "state", "active", "command", "start"));
        assertMessage("'name' is required with command: start", Map.of("command", "start"));
        assertMessage("command 'modify' (DHCP host entries) is not in kvmforge yet",
                Map.of("name", "x", "command", "modify", "xml", "<host/>"));
        assertMessage("'bogus' is not a valid choice", Map.of("name", "x", "state", "bogus"));
    }

    private void assertMessage(String part, Map<String, Object> args) {
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> Parameters.bind(module, args));
        assertTrue(e.what().contains(part), e.what());
    }
}
