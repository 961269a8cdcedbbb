package dev.kvmforge.checks.annotated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.kvmforge.checks.HostChecks;
import dev.kvmforge.checks.engine.CheckParameters;
import dev.kvmforge.checks.engine.CheckReportEntry;
import dev.kvmforge.checks.engine.ChecksRun;
import dev.kvmforge.checks.engine.HostChecksEngine;
import dev.kvmforge.checks.engine.HostSelector;
import dev.kvmforge.checks.model.Check;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.inventory.InventoryHost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Users' {@link HostCheck} methods, found from a class selector or the {@code kvmforge.checkClasses} parameter. */
class AnnotatedChecksTest {

    static final InventoryHost KVM1 = new InventoryHost("kvm1", Map.of("ansible_connection", "local"), List.of());
    static final InventoryHost KVM2 = new InventoryHost("kvm2", Map.of("ansible_connection", "local"), List.of());

    @Test
    void aClassSelectorRunsItsChecksOnEveryHostOfTheInventory() {
        var results = EngineTestKit.engine(HostChecksEngine.ENGINE_ID).selectors(selectClass(SiteChecks.class))
                .configurationParameters(Map.of()).execute();
        ChecksRun r = new ChecksRun(results);
        assertEquals(4, results.testEvents().started().count(), "the built-in checks are not selected");
        assertEquals("PASS", r.outcome("localhost", "SITE-KERNEL"));
        assertEquals("passed", r.entry("localhost", "SITE-KERNEL").get(CheckReportEntry.MESSAGE));

        assertEquals("FAIL", r.outcome("localhost", "SITE-HOSTNAME"));
        Map<String, String> fail = r.entry("localhost", "SITE-HOSTNAME");
        assertEquals("the host is called not-kvm-01 ==> expected: <kvm-01> but was: <not-kvm-01>",
                fail.get(CheckReportEntry.MESSAGE));
        assertEquals("hostnamectl set-hostname kvm-NN", fail.get(CheckReportEntry.HINT));
        assertEquals("low", fail.get(CheckReportEntry.SEVERITY));
        assertEquals("site", fail.get(CheckReportEntry.GROUP));
        assertTrue(r.throwable("localhost", "SITE-HOSTNAME") instanceof AssertionError);

        assertEquals("WARN", r.outcome("localhost", "SITE-VERDICT"));
        assertEquals("seen on localhost", r.entry("localhost", "SITE-VERDICT").get(CheckReportEntry.MESSAGE));
        assertEquals("only on hosts with GPUs", r.skipped("localhost", "SITE-ASSUMED").orElseThrow());
        assertEquals("ERROR", r.outcome("localhost", "SITE-BROKEN"));
        assertEquals("SITE-BROKEN could not be evaluated: the site database is down",
                r.entry("localhost", "SITE-BROKEN").get(CheckReportEntry.MESSAGE));
        assertEquals(TestExecutionResult.Status.FAILED,
                r.finished("localhost", "SITE-BROKEN").orElseThrow().getStatus());
    }

    @Test
    void theParameterAddsThemToTheBuiltInChecksOnTheInventoryHosts() {
        var results = EngineTestKit.engine(HostChecksEngine.ENGINE_ID)
                .selectors(HostSelector.of(KVM1), HostSelector.of(KVM2))
                .configurationParameters(Map.of(CheckParameters.CHECK_CLASSES, SiteChecks.class.getName(),
                        CheckParameters.CHECKS, "SITE-KERNEL,HV-DEV-TUN"))
                .execute();
        ChecksRun r = new ChecksRun(results);
        for (String host : List.of("kvm1", "kvm2")) {
            assertEquals("PASS", r.outcome(host, "SITE-KERNEL"));
            assertTrue(r.finished(host, "HV-DEV-TUN").isPresent());
        }
        assertEquals("[engine:kvmforge-checks]/[host:kvm2]/[group:site]/[check:SITE-KERNEL]",
                r.events("kvm2", "SITE-KERNEL").get(0).getTestDescriptor().getUniqueId().toString());
    }

    @Test
    void withTheMarkerTheyJoinTheWholeCatalogue() {
        var tree = EngineTestKit.engine(HostChecksEngine.ENGINE_ID)
                .selectors(selectClass(HostChecks.class), selectClass(SiteChecks.class)).discover();
        assertEquals(13 + 5, tree.getEngineDescriptor().getDescendants().stream().filter(d -> d.isTest()).count());
    }

    @Test
    void anUnknownClassIsAnError() {
        var tree = EngineTestKit.engine(HostChecksEngine.ENGINE_ID).selectors(selectClass(HostChecks.class))
                .configurationParameters(Map.of(CheckParameters.CHECK_CLASSES, "com.example.SiteChekcs")).discover();
        assertTrue(tree.getDiscoveryIssues().get(0).message().startsWith(
                "kvmforge.checkClasses: no class com.example.SiteChekcs on the class path"),
                tree.getDiscoveryIssues().toString());
    }

    static class WrongParameter {
        @HostCheck(id = "BAD-PARAM", title = "takes a string")
        void check(String host) {
        }
    }

    static class BadId {
        @HostCheck(id = "bad id", title = "lower case")
        void check(Host host) {
        }
    }

    @Test
    void methodsThatCannotBeChecksAreErrorsNamingThem() {
        KvmforgeException param = assertThrows(KvmforgeException.class, () -> AnnotatedChecks.of(WrongParameter.class));
        assertEquals(WrongParameter.class.getName() + ".check: a @HostCheck method takes one parameter, the "
                + Host.class.getName(), param.getMessage());
        KvmforgeException id = assertThrows(KvmforgeException.class, () -> AnnotatedChecks.of(BadId.class));
        assertTrue(id.getMessage().contains("a check id is upper-case words joined by '-'"), id.getMessage());
        List<Check> checks = AnnotatedChecks.of(SiteChecks.class);
        assertEquals(List.of("SITE-ASSUMED", "SITE-BROKEN", "SITE-HOSTNAME", "SITE-KERNEL", "SITE-VERDICT"),
                checks.stream().map(Check::id).toList());
        assertEquals("Site rules", checks.get(0).info().group().title());
    }
}
