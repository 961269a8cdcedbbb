package dev.kvmforge.checks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvmforge.checks.HostReport;
import dev.kvmforge.checks.PreparedRoot;
import dev.kvmforge.checks.VerificationResult;
import dev.kvmforge.checks.VerificationRun;
import dev.kvmforge.checks.model.CheckResult;
import dev.kvmforge.checks.model.Outcome;
import dev.kvmforge.checks.model.Severity;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.report.ConsoleMode;
import dev.kvmforge.runner.yaml.Yaml;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The four reports of one run over three hosts: one passing with a warning, one failing with a waived failure, one
 * unreachable whose inventory holds passwords, which no report may show.
 */
class ReportsTest {

    static final String PASSWORD = "Login-Secret-4711";
    static final String BECOME = "Become-Secret-0815";

    @TempDir
    static Path dir;
    static VerificationResult result;
    static String console;
    static String quiet;

    @BeforeAll
    static void run() throws Exception {
        PreparedRoot good = PreparedRoot.in(dir.resolve("good")).imagesDirectory("rwx--x--x")
                .image("web.qcow2", "rw-------").libvirtdConf("listen_tcp = 1\n");
        PreparedRoot bad = PreparedRoot.in(dir.resolve("bad")).imagesDirectory("rwxr-xr-x")
                .image("db.qcow2", "rw-r--r--").qemuConf("user = \"root\"\n")
                .libvirtdConf("listen_tcp = 1\nauth_tcp = \"none\"\n");
        Inventory inventory = Inventory.builder()
                .withHost("good", good.host("good").vars())
                .withHost("bad", bad.host("bad").vars())
                .withHost("closed", Map.of("ansible_host", "127.0.0.1", "ansible_port", "1", "ansible_user", "ops",
                        "ansible_password", PASSWORD, "ansible_become_password", BECOME))
                .build();
        Path waivers = Files.writeString(dir.resolve("waivers.yml"), """
                - id: LV-IMAGE-PERMS
                  hosts: bad
                  justification: "images are public test data, see \\"README\\" <here> & there"
                  expires: %s
                """.formatted(LocalDate.now().plusDays(10)));
        StringWriter out = new StringWriter();
        StringWriter q = new StringWriter();
        result = VerificationRun.of(inventory)
                .withChecks("LV-IMAGE-PERMS", "QEMU-NONROOT", "LV-TCP-NOAUTH")
                .withWaivers(waivers)
                .withListener(new ConsoleReport(new PrintWriter(out), ConsoleMode.PLAIN, false, 0))
                .withListener(new ConsoleReport(new PrintWriter(q), ConsoleMode.PLAIN, true, 0))
                .withListener(new JUnitXmlReport(dir.resolve("reports/junit.xml")))
                .withListener(new JsonReport(dir.resolve("reports/verify.json")))
                .withListener(new PrometheusReport(dir.resolve("textfile/kvmforge.prom")))
                .run();
        console = out.toString();
        quiet = q.toString();
    }

    @Test
    void theConsoleGroupsByHostAndEndsWithTheSummaryLine() {
        List<String> lines = console.lines().toList();
        assertEquals("2 passed, 2 failed, 1 warned, 1 skipped, 3 errors, 1 waived, 1 host unreachable",
                lines.get(lines.size() - 1), console);
        assertTrue(lines.get(lines.size() - 1).matches("^\\d+ passed, \\d+ failed(, .*)?$"));
        assertTrue(console.contains("good (local)\n  WARN   LV-TCP-NOAUTH   libvirt accepts no TCP connections without"
                + " authentication [critical]\n"), console);
        assertTrue(console.contains("\n  PASS   LV-IMAGE-PERMS  Guest images are not open to other users\n"), console);
        assertTrue(console.contains("  FAIL   QEMU-NONROOT    QEMU guests do not run as root [high]\n         " + dir
                + "/bad/etc/libvirt/qemu.conf:1 user = \"root\": libvirt runs every QEMU guest as root"), console);
        assertTrue(console.contains("         hint: remove user (and group) from qemu.conf"), console);
        assertTrue(console.contains("  WAIVED LV-IMAGE-PERMS  Guest images are not open to other users\n"
                + "         waived until " + LocalDate.now().plusDays(10) + ": images are public test data"), console);
        assertTrue(console.contains("closed UNREACHABLE: cannot connect to 127.0.0.1:1: connection refused\n"), console);
        assertTrue(console.contains("\n  ERROR  3 checks not run\n"), console);
        assertFalse(console.contains("\u001b["), "no colour off a terminal");
    }

    @Test
    void quietShowsOnlyWhatDidNotPass() {
        assertFalse(quiet.contains("PASS "), quiet);
        assertFalse(quiet.contains("SKIP "), quiet);
        assertFalse(quiet.contains("WAIVED"), quiet);
        assertTrue(quiet.contains("  WARN   LV-TCP-NOAUTH"), quiet);
        assertTrue(quiet.contains("  FAIL   QEMU-NONROOT"), quiet);
        assertTrue(quiet.endsWith("2 passed, 2 failed, 1 warned, 1 skipped, 3 errors, 1 waived, 1 host unreachable\n"));
    }

    @Test
    void junitXmlHasATestsuitePerHostAndATestcasePerCheck() throws Exception {
        Xml xml = Xml.read(dir.resolve("reports/junit.xml"));
        Element root = xml.document().getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        assertEquals("9", root.getAttribute("tests"));
        assertEquals("2", root.getAttribute("failures"));
        assertEquals("3", root.getAttribute("errors"));
        assertEquals("1", root.getAttribute("skipped"));
        assertEquals(List.of("good", "bad", "closed"), xml.all("testsuite").stream().map(e -> e.getAttribute("name"))
                .toList());
        assertEquals(List.of(
                "good.libvirt | LV-TCP-NOAUTH: libvirt accepts no TCP connections without authentication | passed",
                "good.libvirt | LV-IMAGE-PERMS: Guest images are not open to other users | passed",
                "good.qemu | QEMU-NONROOT: QEMU guests do not run as root | skipped",
                "bad.libvirt | LV-TCP-NOAUTH: libvirt accepts no TCP connections without authentication | failure",
                "bad.libvirt | LV-IMAGE-PERMS: Guest images are not open to other users | passed",
                "bad.qemu | QEMU-NONROOT: QEMU guests do not run as root | failure",
                "closed.libvirt | LV-TCP-NOAUTH: libvirt accepts no TCP connections without authentication | error",
                "closed.libvirt | LV-IMAGE-PERMS: Guest images are not open to other users | error",
                "closed.qemu | QEMU-NONROOT: QEMU guests do not run as root | error"), xml.cases());
        Element failure = Xml.child(xml.testcase("bad.qemu", "QEMU-NONROOT: QEMU guests do not run as root"),
                "failure");
        assertTrue(failure.getAttribute("message").startsWith("QEMU-NONROOT [high]: " + dir + "/bad/etc/libvirt/"
                + "qemu.conf:1 user = \"root\""), failure.getAttribute("message"));
        assertTrue(failure.getAttribute("message").contains("(hint: remove user (and group) from qemu.conf"));
        assertEquals("FAIL", failure.getAttribute("type"));
        Element waived = xml.testcase("bad.libvirt", "LV-IMAGE-PERMS: Guest images are not open to other users");
        assertTrue(Xml.child(waived, "system-out").getTextContent().startsWith("WAIVED: waived until "),
                waived.getTextContent());
        assertTrue(waived.getTextContent().contains("see \"README\" <here> & there"), "escaped and read back");
        Element error = Xml.child(xml.testcase("closed.qemu", "QEMU-NONROOT: QEMU guests do not run as root"), "error");
        assertTrue(error.getAttribute("message").startsWith("QEMU-NONROOT [high]: not checked: "),
                error.getAttribute("message"));
    }

    /** A check's message may carry a command's output: terminal escapes and NULs must not make the report unreadable. */
    @Test
    void controlCharactersInAMessageStillMakeAReportToolsCanRead() throws Exception {
        CheckResult r = new CheckResult("h1", "X-CTL", "colours", "g", Severity.HIGH, Outcome.FAIL,
                "said \u001b[31mred\u001b[0m and \u0000", "beep \u0007", false);
        VerificationResult v = new VerificationResult(List.of(new HostReport("h1", "local", List.of(r), Map.of(),
                Duration.ZERO, null)), List.of(), Instant.now(), Instant.now());
        Path file = Files.writeString(dir.resolve("control.xml"), new JUnitXmlReport(dir.resolve("unused.xml"))
                .render(v));
        Element failure = Xml.child(Xml.read(file).all("testcase").get(0), "failure");
        assertEquals("X-CTL [high]: said \uFFFD[31mred\uFFFD[0m and \uFFFD (hint: beep \uFFFD)",
                failure.getAttribute("message"));
    }

    @Test
    void jsonHasEveryCheckPerHost() throws Exception {
        JsonNode json = Yaml.binder().readTree(dir.resolve("reports/verify.json").toFile());
        assertEquals(2, json.at("/summary/failed").asInt());
        assertEquals(1, json.at("/summary/waived").asInt());
        JsonNode bad = json.at("/hosts/1");
        assertEquals("bad", bad.at("/host").asText());
        assertFalse(bad.at("/unreachable").asBoolean());
        JsonNode waived = bad.at("/checks/1");
        assertEquals("LV-IMAGE-PERMS", waived.at("/id").asText());
        assertEquals("Guest images are not open to other users", waived.at("/title").asText());
        assertEquals("high", waived.at("/severity").asText());
        assertEquals("PASS", waived.at("/outcome").asText());
        assertTrue(waived.at("/waived").asBoolean());
        assertTrue(waived.at("/hint").asText().startsWith("chmod 0711"));
        assertTrue(json.at("/hosts/2/unreachable").asBoolean());
        assertEquals("ERROR", json.at("/hosts/2/checks/0/outcome").asText());
    }

    @Test
    void prometheusTextForTheTextfileCollector() throws Exception {
        Path prom = dir.resolve("textfile/kvmforge.prom");
        List<String> lines = Files.readAllLines(prom);
        assertTrue(lines.contains("kvmforge_check_pass{host=\"bad\",id=\"QEMU-NONROOT\",severity=\"high\"} 0"), lines
                .toString());
        assertTrue(lines.contains("kvmforge_check_pass{host=\"bad\",id=\"LV-IMAGE-PERMS\",severity=\"high\"} 1"));
        assertTrue(lines.contains("kvmforge_check_pass{host=\"good\",id=\"LV-TCP-NOAUTH\",severity=\"critical\"} 1"));
        assertTrue(lines.contains("kvmforge_check_waived{host=\"bad\",id=\"LV-IMAGE-PERMS\",severity=\"high\"} 1"));
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("kvmforge_check_pass{host=\"good\",id=\"QEMU-NONROOT\"")),
                "skipped checks are left out");
        assertTrue(lines.contains("kvmforge_checks{outcome=\"failed\"} 2"));
        assertTrue(lines.contains("kvmforge_hosts_unreachable 1"));
        assertTrue(lines.contains("# TYPE kvmforge_check_pass gauge"));
        String stamp = lines.stream().filter(l -> l.startsWith("kvmforge_verify_last_run_timestamp_seconds "))
                .findFirst().orElseThrow();
        double seconds = Double.parseDouble(stamp.substring(stamp.indexOf(' ') + 1));
        assertTrue(Math.abs(seconds - System.currentTimeMillis() / 1000.0) < 600, stamp);
        for (String l : lines) {
            assertTrue(l.startsWith("#") || l.matches("[a-z_]+(\\{[^}]*\\})? [0-9.]+"), "a sample line: " + l);
        }
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(prom)));
        try (var files = Files.list(prom.getParent())) {
            assertEquals(List.of(prom), files.toList(), "no temporary file left beside it");
        }
    }

    @Test
    void theExitCodeFollowsTheFailOnSeverity() {
        assertEquals(VerificationResult.CHECK_FAILED, result.exitCode(Severity.INFO));
        assertEquals(VerificationResult.CHECK_FAILED, result.exitCode(Severity.CRITICAL), "LV-TCP-NOAUTH is critical");
        assertEquals(List.of("bad LV-TCP-NOAUTH"), result.failures(Severity.CRITICAL).stream()
                .map(r -> r.host() + " " + r.checkId()).toList());
    }

    @Test
    void noReportShowsAPassword() throws Exception {
        String all = console + quiet + Files.readString(dir.resolve("reports/junit.xml"))
                + Files.readString(dir.resolve("reports/verify.json"))
                + Files.readString(dir.resolve("textfile/kvmforge.prom"));
        assertFalse(all.contains(PASSWORD), "the login password leaked");
        assertFalse(all.contains(BECOME), "the become password leaked");
    }
}
