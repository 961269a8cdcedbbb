package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.libvirt.Libvirt;
import dev.kvmforge.runner.libvirt.LibvirtNetwork;
import dev.kvmforge.runner.libvirt.LocalLibvirtd;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code libvirt_network} against the machine's real libvirtd. Only isolated networks without an IP block, named
 * {@code kvmf-test-*}; the {@code default} network is listed, never started.
 */
class LibvirtNetworkModuleTest {

    private final LibvirtNetworkModule module = new LibvirtNetworkModule();
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

    @Test
    void listsTheNetworksAsNetListDoesAndSetsTheFact() {
        TaskRun.run(module, Map.of("name", name, "bridge", bridge));
        TaskRun list = TaskRun.check(module, Map.of("command", "list"));
        assertFalse(list.changed());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> networks = (List<Map<String, Object>>) list.result().values().get("networks");
        assertEquals(Map.of("name", name, "active", false, "autostart", false, "persistent", true, "bridge", bridge,
                "forward_mode", "isolated"), networks.stream().filter(n -> n.get("name").equals(name)).findFirst()
                .orElseThrow());
        assertEquals(Map.of("libvirt_networks", networks), list.result().values().get("ansible_facts"));
        List<String> virsh = TaskRun.LOCAL.check("virsh -q -c qemu:///system net-list --all --name").lines()
                .map(String::strip).filter(l -> !l.isEmpty()).sorted().toList();
        assertEquals(virsh, networks.stream().map(n -> (String) n.get("name")).toList());
    }

    @Test
    void definesStartsAndRemovesAnIsolatedNetworkExactlyAsCheckModeSaid() {
        Map<String, Object> active = Map.of("name", name, "bridge", bridge, "forward_mode", "none", "state", "active",
                "autostart", true);
        TaskRun dry = TaskRun.check(module, active);
        assertEquals(List.of("define network " + name + " (isolated, bridge " + bridge + ", no IP address)",
                "autostart network " + name + ": on", "start network " + name), dry.summaries());
        assertTrue(network().isEmpty(), "check mode defines nothing");

        TaskRun real = TaskRun.run(module, active);
        assertEquals(dry.summaries(), real.summaries());
        assertEquals(Optional.of(new LibvirtNetwork(name, true, true, true, bridge, "isolated")), network());
        assertFalse(TaskRun.run(module, active).changed(), "second run");
        assertFalse(TaskRun.run(module, Map.of("name", name, "state", "present")).changed(),
                "a name alone leaves the definition as it is");

        TaskRun stop = TaskRun.run(module, Map.of("name", name, "state", "inactive"));
        assertEquals(List.of("stop network " + name), stop.summaries());
        assertFalse(network().orElseThrow().active());

        TaskRun.run(module, Map.of("name", name, "state", "active"));
        TaskRun dryRemove = TaskRun.check(module, Map.of("name", name, "state", "absent"));
        assertEquals(List.of("stop network " + name, "undefine network " + name), dryRemove.summaries());
        assertTrue(network().orElseThrow().active());
        TaskRun.run(module, Map.of("name", name, "state", "absent"));
        assertTrue(network().isEmpty());
        assertFalse(TaskRun.run(module, Map.of("name", name, "state", "absent")).changed());
    }

    @Test
    void aNewBridgeNameIsADiffAndARedefinitionForTheNextStart() {
        TaskRun.run(module, Map.of("name", name, "bridge", bridge, "state", "active"));
        String other = LocalLibvirtd.bridgeName();
        TaskRun dry = TaskRun.check(module, Map.of("name", name, "bridge", other, "state", "active"));
        assertEquals(List.of("redefine network " + name + " (it stays as it is until it is next started)"),
                dry.summaries());
        Diff diff = dry.diffs().get(0);
        assertTrue(diff.before().contains("<bridge name='" + bridge + "'"), diff.before());
        assertTrue(diff.after().contains("<bridge name='" + other + "'"), diff.after());
        assertTrue(diff.after().contains("<uuid>"), "the UUID is kept");

        TaskRun real = TaskRun.run(module, Map.of("name", name, "bridge", other, "state", "active"));
        assertTrue(real.result().msg().contains("next started"), real.result().msg());
        assertEquals(other, network().orElseThrow().bridge());
        assertFalse(TaskRun.run(module, Map.of("name", name, "bridge", other, "state", "active")).changed());
    }

    @Test
    void definesFromXmlAndFindsNothingToChangeInWhatLibvirtAdded() {
        Map<String, Object> args = Map.of("xml", LocalLibvirtd.isolatedNetworkXml(name, bridge));
        assertTrue(TaskRun.run(module, args).changed());
        TaskRun again = TaskRun.run(module, args);
        assertFalse(again.changed(), again.diffs().toString());
        assertEquals(Map.of("name", name, "state", "inactive", "autostart", false), again.result().values());
    }

    @Test
    void aLibvirtdThatDoesNotAnswerIsAClearErrorBeforeAnythingChanges() {
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(module, Map.of("name", name,
                "state", "active", "uri", "qemu:///system?socket=/run/kvmf-test-none/libvirt-sock")));
        assertTrue(e.getMessage().startsWith("local: libvirt is not running on local: start it with the service "
                + "module"), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("name: libvirtd, state: started"), e.getMessage());
        assertTrue(network().isEmpty());
    }

    @Test
    void wrongInputIsAnErrorNamingTheParameter() {
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("name", "a b"), Map.of("name", name,
                "bridge", "a-bridge-name-too-long"), Map.of("name", name, "forward_mode", "bridge"),
                Map.of("command", "list", "name", name), Map.of("name", name, "ip", Map.of("address", "10.0.0.300")))) {
            KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(module, bad));
            assertTrue(e.getMessage().contains("libvirt_network"), e.getMessage());
        }
        assertTrue(network().isEmpty());
    }
}
