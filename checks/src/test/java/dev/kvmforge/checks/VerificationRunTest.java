package dev.kvmforge.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.checks.model.CheckResult;
import dev.kvmforge.checks.model.Outcome;
import dev.kvmforge.checks.model.Severity;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.inventory.InventoryHost;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The Java API door: VerificationRun through the JUnit Platform launcher, with ordinary listeners as reporters. */
class VerificationRunTest {

    @Test
    void runsThroughTheLauncherAndLegacyXmlReadsWell(@TempDir Path dir) throws Exception {
        PreparedRoot bad = PreparedRoot.in(dir.resolve("root")).qemuConf("user = \"root\"\n")
                .libvirtdConf("listen_tcp = \n");
        Inventory inventory = Inventory.builder()
                .withHost("localhost", Map.of("ansible_connection", "local"))
                .withHost("bad", bad.host("bad").vars())
                .build();
        Path reports = Files.createDirectories(dir.resolve("reports"));
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        VerificationResult r = VerificationRun.of(inventory)
                .withChecks("HV-DEV-TUN", "QEMU-NONROOT", "LV-TCP-NOAUTH")
                .withListener(summary)
                .withListener(new LegacyXmlReportGeneratingListener(reports, new PrintWriter(new StringWriter())))
                .run();

        assertEquals(6, r.results().size(), r.results().toString());
        assertEquals(Outcome.PASS, r.result("localhost", "HV-DEV-TUN").orElseThrow().outcome());
        CheckResult root = r.result("bad", "QEMU-NONROOT").orElseThrow();
        assertEquals(Outcome.FAIL, root.outcome());
        assertEquals(Severity.HIGH, root.severity());
        assertTrue(root.hint().startsWith("remove user"), root.hint());
        assertEquals(Outcome.ERROR, r.result("bad", "LV-TCP-NOAUTH").orElseThrow().outcome());
        assertFalse(r.passed());
        assertTrue(r.hostProblems().isEmpty() && r.runProblems().isEmpty());
        assertEquals(6, summary.getSummary().getTestsFoundCount());

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(reports.resolve("TEST-kvmforge-checks.xml").toFile());
        Element suite = xml.getDocumentElement();
        assertEquals("kvmforge host checks", suite.getAttribute("name"));
        List<String> cases = new ArrayList<>();
        NodeList testcases = xml.getElementsByTagName("testcase");
        for (int i = 0; i < testcases.getLength(); i++) {
            Element c = (Element) testcases.item(i);
            String kind = c.getElementsByTagName("failure").getLength() > 0 ? " failure"
                    : c.getElementsByTagName("error").getLength() > 0 ? " error" : "";
            cases.add(c.getAttribute("classname") + " | " + c.getAttribute("name") + kind);
        }
        assertTrue(cases.contains("localhost.hypervisor | HV-DEV-TUN: /dev/net/tun exists"), cases.toString());
        assertTrue(cases.contains("bad.qemu | QEMU-NONROOT: QEMU guests do not run as root failure"), cases.toString());
        assertTrue(cases.contains("bad.libvirt | LV-TCP-NOAUTH: libvirt accepts no TCP connections without"
                + " authentication error"), cases.toString());
        Element failure = (Element) xml.getElementsByTagName("failure").item(0);
        assertTrue(failure.getAttribute("message").startsWith("QEMU-NONROOT [high] on bad: "), failure.getAttribute("message"));
        assertEquals("dev.kvmforge.checks.engine.CheckFailure", failure.getAttribute("type"));
    }

    @Test
    void theLocalHostByDefault() {
        VerificationResult r = VerificationRun.localhost().withChecks("HV-DEV-TUN", "HV-SECURE-GUEST").run();
        assertEquals(List.of("localhost"), r.results().stream().map(CheckResult::host).distinct().toList());
        assertEquals(2, r.results().size());
        assertEquals(1, r.counts().get(Outcome.PASS) + r.counts().get(Outcome.FAIL));
    }

    @Test
    void aRootForEveryHostFromTheParameter(@TempDir Path dir) {
        PreparedRoot root = PreparedRoot.in(dir).qemuConf("# set by hand\nuser = \"+0\"\n");
        CheckResult r = VerificationRun.localhost().withRoot(dir.toString()).withChecks("QEMU-NONROOT").run()
                .result("localhost", "QEMU-NONROOT").orElseThrow();
        assertEquals(Outcome.FAIL, r.outcome(), r.toString());
        assertTrue(r.message().startsWith(root.path() + "/etc/libvirt/qemu.conf:2 user = \"+0\""), r.message());
    }

    @Test
    void inventoryFilesAreReadByTheEngine(@TempDir Path dir) throws Exception {
        Path inv = Files.writeString(dir.resolve("hosts.yml"), """
                all:
                  children:
                    hypervisors:
                      hosts:
                        kvm1: {ansible_connection: local}
                        kvm2: {ansible_connection: local}
                """);
        VerificationResult r = VerificationRun.of(inv).withLimit("kvm2").withChecks("HV-DEV-KVM").run();
        assertEquals(List.of("kvm2 HV-DEV-KVM"), r.results().stream().map(x -> x.host() + " " + x.checkId()).toList());
    }

    @Test
    void aLimitMatchingNoHostIsAProblemOfTheRun() {
        VerificationResult none = VerificationRun.localhost().withLimit("nosuchhost").run();
        assertEquals(List.of("kvmforge.limit 'nosuchhost' matches no host of the inventory"), none.runProblems());
        assertFalse(none.passed());
        assertEquals(VerificationResult.RUN_ERROR, none.exitCode(Severity.INFO));
    }

    @Test
    void aCheckIdOrTagThatNamesNothingIsRefusedBeforeAnyHostIsContacted() {
        KvmforgeException typo = assertThrows(KvmforgeException.class,
                () -> VerificationRun.localhost().withChecks("LV-DEAMONS").run());
        assertEquals(ErrorKind.OPTIONS, typo.kind());
        assertEquals("no check matches 'LV-DEAMONS'", typo.what());
        assertEquals("did you mean LV-DAEMONS?", typo.hint().orElseThrow());
        KvmforgeException tag = assertThrows(KvmforgeException.class,
                () -> VerificationRun.localhost().withTags("securty").plan());
        assertEquals("no check has the tag 'securty'", tag.what());
        assertEquals("did you mean security?", tag.hint().orElseThrow());
    }

    @Test
    void anUnreachableHostIsAHostProblemAndItsChecksAreErrors() {
        InventoryHost closed = new InventoryHost("closed", Map.of("ansible_host", "127.0.0.1", "ansible_port", "1"),
                List.of());
        VerificationResult r = VerificationRun.of(Inventory.of(List.of(closed))).withChecks("HV-DEV-TUN").run();
        assertEquals(1, r.hostProblems().size(), r.toString());
        assertEquals("closed", r.hostProblems().get(0).host());
        assertEquals(Outcome.ERROR, r.result("closed", "HV-DEV-TUN").orElseThrow().outcome());
        assertFalse(r.passed());
        assertEquals(VerificationResult.HOST_UNREACHABLE, r.exitCode(Severity.INFO));
    }

    @Test
    void stoppedBeforeItStartsNothingIsChecked() {
        VerificationRun run = VerificationRun.localhost().withChecks("HV-*");
        run.stop();
        VerificationResult r = run.run();
        assertTrue(r.results().stream().noneMatch(x -> x.outcome() != Outcome.SKIP), r.toString());
    }
}
