package dev.kvmforge.checks.waiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.checks.PreparedRoot;
import dev.kvmforge.checks.engine.CheckParameters;
import dev.kvmforge.checks.engine.CheckReportEntry;
import dev.kvmforge.checks.engine.ChecksRun;
import dev.kvmforge.checks.engine.HostChecksEngine;
import dev.kvmforge.checks.engine.HostSelector;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.inventory.InventoryHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Waivers through the engine: a waived FAIL passes and says so; an expired one fails and says it expired. */
class WaiversTest {

    static final Set<String> IDS = Set.of("LV-TCP-NOAUTH", "QEMU-NONROOT", "LV-IMAGE-PERMS");

    @Test
    void aWaivedFailPassesUntilItsLastDayAndThenSaysItExpired(@TempDir Path dir) throws Exception {
        LocalDate later = LocalDate.now().plusDays(30);
        LocalDate earlier = LocalDate.now().minusDays(1);
        Path waivers = Files.writeString(dir.resolve("waivers.yml"), """
                - id: QEMU-NONROOT
                  hosts: lab*
                  justification: lab guests run as root for GPU passthrough tests (CHG-1234)
                  expires: %s
                - id: LV-TCP-NOAUTH
                  justification: isolated management VLAN
                  expires: %s
                """.formatted(later, earlier));
        InventoryHost lab1 = bad(dir, "lab1");
        InventoryHost prod1 = bad(dir, "prod1");
        var results = EngineTestKit.engine(HostChecksEngine.ENGINE_ID)
                .selectors(HostSelector.of(lab1), HostSelector.of(prod1))
                .configurationParameters(Map.of(CheckParameters.WAIVERS, waivers.toString(),
                        CheckParameters.CHECKS, "QEMU-NONROOT,LV-TCP-NOAUTH"))
                .execute();
        ChecksRun r = new ChecksRun(results);

        Map<String, String> waived = r.entry("lab1", "QEMU-NONROOT");
        assertEquals("PASS", waived.get(CheckReportEntry.OUTCOME));
        assertEquals("true", waived.get(CheckReportEntry.WAIVED));
        assertTrue(waived.get(CheckReportEntry.MESSAGE).startsWith("waived until " + later + ": lab guests run as root"
                + " for GPU passthrough tests (CHG-1234); it failed: "), waived.toString());
        assertEquals(TestExecutionResult.successful(), r.finished("lab1", "QEMU-NONROOT").orElseThrow());

        assertEquals("FAIL", r.outcome("prod1", "QEMU-NONROOT"), "the waiver is for lab hosts only");
        assertEquals("false", r.entry("prod1", "QEMU-NONROOT").get(CheckReportEntry.WAIVED));

        for (String host : List.of("lab1", "prod1")) {
            Map<String, String> expired = r.entry(host, "LV-TCP-NOAUTH");
            assertEquals("FAIL", expired.get(CheckReportEntry.OUTCOME));
            assertTrue(expired.get(CheckReportEntry.MESSAGE).endsWith(" (the waiver at " + waivers + ":5:3 expired on "
                    + earlier + ": isolated management VLAN)"), expired.toString());
        }
    }

    private static InventoryHost bad(Path dir, String name) {
        return PreparedRoot.in(dir.resolve(name)).qemuConf("user = \"root\"\n")
                .libvirtdConf("listen_tcp = 1\nauth_tcp = \"none\"\n").host(name);
    }

    static KvmforgeException error(String yaml) {
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> Waivers.read(yaml, "waivers.yml", IDS));
        assertEquals(ErrorKind.PARSE, e.kind());
        return e;
    }

    @Test
    void aMalformedWaiversFileIsAnErrorAtItsPlace() {
        assertEquals("""
                waivers.yml:1:7: no check has the id 'LV-TCP-NOATH'
                  hint: did you mean LV-TCP-NOAUTH?""", error("""
                - id: LV-TCP-NOATH
                  justification: x
                  expires: 2030-01-01
                """).getMessage());
        assertEquals("""
                waivers.yml:3:12: expires must be a date written YYYY-MM-DD, not '31/01/2030'""", error("""
                - id: LV-TCP-NOAUTH
                  justification: x
                  expires: 31/01/2030
                """).getMessage().lines().findFirst().orElseThrow());
        assertEquals("""
                waivers.yml:3:3: unknown key 'expiry' in a waiver
                  hint: did you mean expires?""", error("""
                - id: LV-TCP-NOAUTH
                  justification: x
                  expiry: 2030-01-01
                """).getMessage());
        assertEquals("waivers.yml:1:3: a waiver needs 'justification'", error("""
                - id: LV-TCP-NOAUTH
                  expires: 2030-01-01
                """).getMessage());
        assertEquals("waivers.yml:2:2: malformed YAML", error("""
                - id: LV-TCP-NOAUTH
                 justification: [x
                """).getMessage().substring(0, 31));
    }

    @Test
    void aMalformedWaiversFileStopsTheRunBeforeAnyHost(@TempDir Path dir) throws Exception {
        Path waivers = Files.writeString(dir.resolve("waivers.yml"), "- id: NOPE\n  justification: x\n"
                + "  expires: 2030-01-01\n");
        var tree = EngineTestKit.engine(HostChecksEngine.ENGINE_ID).selectors(HostSelector.named("localhost"))
                .configurationParameters(Map.of(CheckParameters.WAIVERS, waivers.toString())).discover();
        assertTrue(tree.getEngineDescriptor().getChildren().isEmpty());
        assertTrue(tree.getDiscoveryIssues().get(0).message().startsWith(waivers + ":1:7: no check has the id 'NOPE'"),
                tree.getDiscoveryIssues().toString());
    }
}
