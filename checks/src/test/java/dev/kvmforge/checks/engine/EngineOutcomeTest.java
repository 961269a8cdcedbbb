package dev.kvmforge.checks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.checks.PreparedRoot;
import dev.kvmforge.runner.connection.UnreachableException;
import dev.kvmforge.runner.inventory.InventoryHost;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/**
 * How outcomes map to JUnit, on local hosts whose configuration comes from prepared roots: PASS succeeds, WARN
 * succeeds with its entry, SKIP is skipped with the reason, FAIL fails with an AssertionError, ERROR fails with an
 * error that is not one.
 */
class EngineOutcomeTest {

    static ChecksRun run(Map<String, String> params, InventoryHost... hosts) {
        return new ChecksRun(EngineTestKit.engine(HostChecksEngine.ENGINE_ID)
                .selectors(List.of(hosts).stream().map(HostSelector::of).toList())
                .configurationParameters(params).execute());
    }

    @Test
    void eachOutcomeAsJUnitSeesIt(@TempDir Path dir) {
        PreparedRoot pass = PreparedRoot.in(dir.resolve("pass")).imagesDirectory("rwx--x--x")
                .image("web.qcow2", "rw-------");
        PreparedRoot warn = PreparedRoot.in(dir.resolve("warn")).libvirtdConf("listen_tcp = 1\n");
        PreparedRoot fail = PreparedRoot.in(dir.resolve("fail")).imagesDirectory("rwx--x--x")
                .image("db.qcow2", "rw-r--r--");
        PreparedRoot broken = PreparedRoot.in(dir.resolve("error")).libvirtdConf("listen_tcp = yes\n");
        ChecksRun r = run(Map.of(CheckParameters.CHECKS, "LV-IMAGE-PERMS,LV-TCP-NOAUTH"), pass.host("pass"),
                warn.host("warn"), fail.host("fail"), broken.host("error"));

        assertEquals(TestExecutionResult.successful(), r.finished("pass", "LV-IMAGE-PERMS").orElseThrow());
        Map<String, String> entry = r.entry("pass", "LV-IMAGE-PERMS");
        assertEquals("pass", entry.get(CheckReportEntry.HOST));
        assertEquals("LV-IMAGE-PERMS", entry.get(CheckReportEntry.CHECK));
        assertEquals("high", entry.get(CheckReportEntry.SEVERITY));
        assertEquals("PASS", entry.get(CheckReportEntry.OUTCOME));
        assertEquals(dir.resolve("pass") + "/var/lib/libvirt/images (0711 root:root); 1 image, none open to others",
                entry.get(CheckReportEntry.MESSAGE));
        assertFalse(entry.containsKey(CheckReportEntry.HINT));

        assertEquals(TestExecutionResult.Status.SUCCESSFUL, r.finished("warn", "LV-TCP-NOAUTH").orElseThrow().getStatus());
        assertEquals("WARN", r.outcome("warn", "LV-TCP-NOAUTH"));
        assertTrue(r.entry("warn", "LV-TCP-NOAUTH").get(CheckReportEntry.MESSAGE).endsWith(
                "libvirtd.conf:1 listen_tcp = 1 with auth_tcp = \"sasl\": TCP is unencrypted unless SASL GSSAPI is used"));

        assertEquals("not applicable: there is no " + dir.resolve("warn") + "/var/lib/libvirt/images (libvirt's default"
                + " storage pool)", r.skipped("warn", "LV-IMAGE-PERMS").orElseThrow());
        assertTrue(r.finished("warn", "LV-IMAGE-PERMS").isEmpty());

        Throwable failure = r.throwable("fail", "LV-IMAGE-PERMS");
        assertInstanceOf(AssertionError.class, failure);
        assertInstanceOf(CheckFailure.class, failure);
        assertEquals("LV-IMAGE-PERMS [high] on fail: 1 image is readable or writable by others: "
                + dir.resolve("fail") + "/var/lib/libvirt/images/db.qcow2 (0644 root:root)\n"
                + "  hint: chmod 0711 /var/lib/libvirt/images and chmod o-rwx on the images", failure.getMessage());
        assertEquals(0, failure.getStackTrace().length);
        assertEquals("FAIL", r.outcome("fail", "LV-IMAGE-PERMS"));

        Throwable error = r.throwable("error", "LV-TCP-NOAUTH");
        assertInstanceOf(CheckError.class, error);
        assertFalse(error instanceof AssertionError);
        assertEquals("LV-TCP-NOAUTH [critical] on error: LV-TCP-NOAUTH could not be evaluated: "
                + dir.resolve("error") + "/etc/libvirt/libvirtd.conf:1:14: expecting a value (a number, a quoted string"
                + " or a [list]), found 'y'\n  hint: libvirt refuses to start with this file too; fix the line (see the"
                + " comments in the packaged file)", error.getMessage());
        assertEquals("ERROR", r.outcome("error", "LV-TCP-NOAUTH"));
    }

    @Test
    void anUnreachableHostErrorsEachOfItsChecksAndFailsItsContainer() {
        InventoryHost closed = new InventoryHost("closed", Map.of("ansible_host", "127.0.0.1", "ansible_port", "1",
                "ansible_user", "nobody"), List.of());
        var results = EngineTestKit.engine(HostChecksEngine.ENGINE_ID).selectors(HostSelector.of(closed))
                .configurationParameters(Map.of(CheckParameters.CHECKS, "HV-DEV-TUN,LV-DAEMONS")).execute();
        Event hostFinished = results.containerEvents().stream()
                .filter(e -> e.getType() == EventType.FINISHED
                        && e.getTestDescriptor().getUniqueId().getLastSegment().getType().equals("host"))
                .findFirst().orElseThrow();
        TestExecutionResult hostResult = hostFinished.getRequiredPayload(TestExecutionResult.class);
        assertEquals(TestExecutionResult.Status.FAILED, hostResult.getStatus());
        assertInstanceOf(UnreachableException.class, hostResult.getThrowable().orElseThrow());
        ChecksRun r = new ChecksRun(results);
        for (String id : List.of("HV-DEV-TUN", "LV-DAEMONS")) {
            assertEquals("ERROR", r.outcome("closed", id));
            assertTrue(r.entry("closed", id).get(CheckReportEntry.MESSAGE).startsWith("not checked: "),
                    r.entry("closed", id).toString());
            assertInstanceOf(CheckError.class, r.throwable("closed", id));
        }
        assertEquals(2, results.testEvents().failed().count());
    }

    @Test
    void theSeverityTagSelectsThroughJUnitTagFilters() {
        var results = EngineTestKit.engine(HostChecksEngine.ENGINE_ID).selectors(HostSelector.named("localhost"))
                .filters(org.junit.platform.launcher.TagFilter.includeTags("severity:critical & kvm"))
                .execute();
        assertEquals(List.of("HV-CPU-VIRT: Hardware virtualization is usable by KVM", "HV-DEV-KVM: /dev/kvm exists"),
                results.testEvents().started().stream().map(e -> e.getTestDescriptor().getDisplayName()).toList());
    }
}
