package dev.kvmforge.checks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import dev.kvmforge.checks.HostChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestTag;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Discovery: the tree, its names, and what the selectors and parameters select. No host is contacted. */
class EngineTreeTest {

    static EngineDiscoveryResults discover(Map<String, String> params, DiscoverySelector... selectors) {
        return EngineTestKit.engine(HostChecksEngine.ENGINE_ID).selectors(selectors).configurationParameters(params)
                .discover();
    }

    /** host > group > check, as "host/group/check" lines in tree order. */
    static List<String> paths(TestDescriptor engine) {
        return engine.getChildren().stream().flatMap(h -> h.getChildren().stream().flatMap(g -> g.getChildren()
                .stream().map(c -> h.getDisplayName() + "/" + g.getDisplayName() + "/"
                        + c.getUniqueId().getLastSegment().getValue()))).toList();
    }

    @Test
    void withoutAnInventoryTheLocalHostGetsTheWholeCatalogue() {
        TestDescriptor engine = discover(Map.of(), selectClass(HostChecks.class)).getEngineDescriptor();
        assertEquals("kvmforge host checks", engine.getDisplayName());
        assertEquals(List.of(
                "localhost/Hypervisor/HV-CPU-VIRT", "localhost/Hypervisor/HV-DEV-KVM",
                "localhost/Hypervisor/HV-DEV-KVM-ACCESS", "localhost/Hypervisor/HV-DEV-VHOST",
                "localhost/Hypervisor/HV-DEV-TUN", "localhost/Hypervisor/HV-CGROUPS", "localhost/Hypervisor/HV-IOMMU",
                "localhost/Hypervisor/HV-SECURE-GUEST", "localhost/libvirt/LV-DAEMONS",
                "localhost/libvirt/LV-TCP-NOAUTH", "localhost/libvirt/LV-IMAGE-PERMS",
                "localhost/QEMU/QEMU-SEC-DRIVER", "localhost/QEMU/QEMU-NONROOT"), paths(engine));
    }

    @Test
    void namesReadWellInReportsAndIdsAreStable() {
        TestDescriptor engine = discover(Map.of(), selectClass(HostChecks.class)).getEngineDescriptor();
        TestDescriptor host = engine.getChildren().iterator().next();
        TestDescriptor group = host.getChildren().iterator().next();
        TestDescriptor check = group.getChildren().stream()
                .filter(c -> c.getUniqueId().getLastSegment().getValue().equals("HV-DEV-TUN")).findFirst().orElseThrow();
        assertEquals("localhost", host.getLegacyReportingName());
        assertEquals("Hypervisor", group.getDisplayName());
        assertEquals("localhost.hypervisor", group.getLegacyReportingName());
        assertEquals("HV-DEV-TUN: /dev/net/tun exists", check.getDisplayName());
        assertEquals("HV-DEV-TUN: /dev/net/tun exists", check.getLegacyReportingName());
        assertEquals("[engine:kvmforge-checks]/[host:localhost]/[group:hypervisor]/[check:HV-DEV-TUN]",
                check.getUniqueId().toString());
        assertTrue(host.isContainer() && group.isContainer() && check.isTest());
        assertEquals(Set.of("network", "severity:high"),
                check.getTags().stream().map(TestTag::getName).collect(Collectors.toSet()));
    }

    @Test
    void otherClassSelectorsAreNotOurs() {
        assertTrue(discover(Map.of(), selectClass(String.class)).getEngineDescriptor().getChildren().isEmpty());
    }

    @Test
    void checksAndTagsSelect() {
        TestDescriptor engine = discover(Map.of(CheckParameters.CHECKS, "hv-dev-*, QEMU-NONROOT",
                CheckParameters.TAGS, "network,security"), selectClass(HostChecks.class)).getEngineDescriptor();
        assertEquals(List.of("localhost/Hypervisor/HV-DEV-VHOST", "localhost/Hypervisor/HV-DEV-TUN",
                "localhost/QEMU/QEMU-NONROOT"), paths(engine));
    }

    @Test
    void theInventoryAndLimitChooseHosts(@TempDir Path dir) throws Exception {
        Path inv = Files.writeString(dir.resolve("hosts.ini"), """
                [hypervisors]
                kvm1 ansible_connection=local
                kvm2 ansible_connection=local
                kvm3 ansible_connection=local
                """);
        Map<String, String> params = Map.of(CheckParameters.INVENTORY, inv.toString(),
                CheckParameters.LIMIT, "hypervisors:!kvm2", CheckParameters.CHECKS, "HV-DEV-TUN");
        assertEquals(List.of("kvm1/Hypervisor/HV-DEV-TUN", "kvm3/Hypervisor/HV-DEV-TUN"),
                paths(discover(params, selectClass(HostChecks.class)).getEngineDescriptor()));
        assertEquals(List.of("kvm3/Hypervisor/HV-DEV-TUN"),
                paths(discover(params, HostSelector.named("kvm3")).getEngineDescriptor()));
    }

    @Test
    void ourSelectorsAndUniqueIdsSelect() {
        assertEquals(List.of("localhost/libvirt/LV-DAEMONS", "localhost/libvirt/LV-TCP-NOAUTH",
                "localhost/libvirt/LV-IMAGE-PERMS"), paths(discover(Map.of(), CheckSelector.of("LV-*"))
                .getEngineDescriptor()));
        assertEquals(List.of("localhost/QEMU/QEMU-SEC-DRIVER", "localhost/QEMU/QEMU-NONROOT"),
                paths(discover(Map.of(), selectUniqueId("[engine:kvmforge-checks]/[host:localhost]/[group:qemu]"))
                        .getEngineDescriptor()));
        assertEquals(List.of("localhost/Hypervisor/HV-IOMMU"), paths(discover(Map.of(), selectUniqueId(
                "[engine:kvmforge-checks]/[host:localhost]/[group:hypervisor]/[check:HV-IOMMU]"))
                .getEngineDescriptor()));
        assertEquals(13, paths(discover(Map.of(), selectUniqueId("[engine:kvmforge-checks]")).getEngineDescriptor())
                .size());
    }

    @Test
    void aCheckIdThatNamesNothingIsAnErrorWithSuggestions() {
        EngineDiscoveryResults r = discover(Map.of(CheckParameters.CHECKS, "HV-DEV-KMV"), selectClass(HostChecks.class));
        assertTrue(r.getEngineDescriptor().getChildren().isEmpty());
        DiscoveryIssue issue = r.getDiscoveryIssues().get(0);
        assertEquals(DiscoveryIssue.Severity.ERROR, issue.severity());
        assertTrue(issue.message().startsWith("no check matches 'HV-DEV-KMV'\n  hint: did you mean HV-DEV-KVM,"),
                issue.message());
    }

    @Test
    void aWaiversFileThatIsNotThereIsAnError(@TempDir Path dir) {
        String missing = dir.resolve("waivers.yml").toString();
        EngineDiscoveryResults r = discover(Map.of(CheckParameters.WAIVERS, missing), selectClass(HostChecks.class));
        assertTrue(r.getEngineDescriptor().getChildren().isEmpty());
        assertEquals(List.of("ERROR: file not found: " + missing), r.getDiscoveryIssues().stream()
                .map(i -> i.severity() + ": " + i.message().lines().findFirst().orElse("")).toList());
    }

    @Test
    void badValuesAreErrors(@TempDir Path dir) {
        assertEquals(List.of("kvmforge.forks = 'many' is not a positive whole number"),
                discover(Map.of(CheckParameters.FORKS, "many"), selectClass(HostChecks.class)).getDiscoveryIssues()
                        .stream().map(DiscoveryIssue::message).toList());
        String missing = dir.resolve("nope.ini").toString();
        List<DiscoveryIssue> issues = discover(Map.of(CheckParameters.INVENTORY, missing),
                selectClass(HostChecks.class)).getDiscoveryIssues();
        assertEquals(DiscoveryIssue.Severity.ERROR, issues.get(0).severity());
        assertTrue(issues.get(0).message().contains(missing), issues.get(0).message());
    }
}
