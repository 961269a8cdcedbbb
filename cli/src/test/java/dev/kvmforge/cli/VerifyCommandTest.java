package dev.kvmforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvmforge.runner.yaml.Yaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code kvmforge verify} in this JVM with captured output: each exit code, each report file, and no password or
 * stack trace anywhere. Hosts are local with prepared roots ({@code kvmforge_root}) and one closed port.
 */
class VerifyCommandTest {

    static final String PASSWORD = "Cli-Login-Secret-9";

    @TempDir
    Path dir;
    Path inventory;

    @BeforeEach
    void hosts() throws Exception {
        Path good = dir.resolve("good");
        Path images = Files.createDirectories(good.resolve("var/lib/libvirt/images"));
        Files.setPosixFilePermissions(images, PosixFilePermissions.fromString("rwx--x--x"));
        Path bad = dir.resolve("bad");
        Files.createDirectories(bad.resolve("etc/libvirt"));
        Files.writeString(bad.resolve("etc/libvirt/qemu.conf"), "user = \"root\"\n");
        inventory = write("hosts.yml", """
                all:
                  children:
                    hypervisors:
                      hosts:
                        good: {ansible_connection: local, kvmforge_root: %s}
                        bad: {ansible_connection: local, kvmforge_root: %s}
                    far:
                      hosts:
                        closed: {ansible_host: 127.0.0.1, ansible_port: 1, ansible_user: ops,
                                 ansible_password: %s}
                """.formatted(good, bad, PASSWORD));
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static Cli verify(Object... args) {
        List<String> a = new ArrayList<>(List.of("verify"));
        for (Object o : args) {
            a.add(String.valueOf(o));
        }
        Cli r = Cli.run(a.toArray(String[]::new));
        assertFalse(r.out().contains(PASSWORD) || r.err().contains(PASSWORD), "a password leaked: " + r);
        assertFalse(r.err().contains("\tat ") || r.out().contains("\tat "), "a stack trace: " + r);
        return r;
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    void exit0WhenEveryCheckPasses() {
        Cli r = verify("-i", inventory, "-l", "good", "--checks", "LV-IMAGE-PERMS");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("1 passed, 0 failed, 0 warned, 0 skipped, 0 errors", lastLine(r.out()), r.toString());
        assertTrue(r.out().startsWith("good (local)\n  PASS   LV-IMAGE-PERMS  Guest images are not open"), r.out());
    }

    @Test
    void exit2WhenACheckFailsAtOrAboveFailOn() {
        Cli r = verify("-i", inventory, "-l", "hypervisors", "--checks", "QEMU-NONROOT,LV-IMAGE-PERMS");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.out().contains("  FAIL   QEMU-NONROOT    QEMU guests do not run as root [high]"), r.out());
        assertTrue(lastLine(r.out()).startsWith("1 passed, 1 failed, "), r.out());
        Cli relaxed = verify("-i", inventory, "-l", "hypervisors", "--checks", "QEMU-NONROOT", "--fail-on", "critical");
        assertEquals(0, relaxed.exitCode(), "QEMU-NONROOT is high, below critical: " + relaxed);
    }

    @Test
    void aWaiverTurnsTheFailIntoAPass() throws Exception {
        Path waivers = write("waivers.yml", """
                - id: QEMU-NONROOT
                  hosts: bad
                  justification: GPU tests need root until the vfio rework (CHG-42)
                  expires: %s
                """.formatted(LocalDate.now().plusDays(7)));
        Cli r = verify("-i", inventory, "-l", "bad", "--checks", "QEMU-NONROOT", "--waivers", waivers);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("  WAIVED QEMU-NONROOT  QEMU guests do not run as root\n         waived until "
                + LocalDate.now().plusDays(7) + ": GPU tests need root"), r.out());
        assertEquals("1 passed, 0 failed, 0 warned, 0 skipped, 0 errors, 1 waived", lastLine(r.out()));
    }

    @Test
    void exit3WhenAHostIsUnreachableAndTheOthersStillRun() {
        Cli r = verify("-i", inventory, "--checks", "LV-IMAGE-PERMS", "-q");
        assertEquals(3, r.exitCode(), r.toString());
        assertTrue(r.out().contains("closed UNREACHABLE: cannot connect to 127.0.0.1:1: connection refused\n"
                + "  ERROR  1 check not run\n"), r.out());
        assertFalse(r.out().contains("PASS"), "quiet: " + r.out());
        assertEquals("1 passed, 0 failed, 0 warned, 1 skipped, 1 error, 1 host unreachable", lastLine(r.out()));
    }

    @Test
    void exit4ForASpecOrWaiversFileThatCannotBeRead() throws Exception {
        Path spec = write("site.yml", """
                - id: SITE-SSH
                  titel: sshd runs
                  service: {name: ssh, running: true}
                """);
        Cli r = verify("-i", inventory, "--spec", spec);
        assertEquals(4, r.exitCode(), r.toString());
        assertEquals("ERROR! " + spec + ":2:3: unknown key 'titel' in a check\n  hint: did you mean title?\n", r.err());
        assertEquals("", r.out());
        Path waivers = write("waivers.yml", """
                - id: QEMU-NONROOT
                  justification: GPU tests
                  expires: next year
                """);
        Cli w = verify("-i", inventory, "--waivers", waivers);
        assertEquals(4, w.exitCode(), w.toString());
        assertTrue(w.err().startsWith("ERROR! " + waivers + ":3:12: expires must be a date written YYYY-MM-DD,"
                + " not 'next year'"), w.err());
    }

    @Test
    void exit5ForBadOptions() {
        Cli severity = verify("--fail-on", "severe");
        assertEquals(5, severity.exitCode(), severity.toString());
        assertTrue(severity.err().contains("'severe' is not a severity"), severity.err());
        assertTrue(severity.err().contains("use info, low, medium, high, critical"), severity.err());
        Cli id = verify("-i", inventory, "--checks", "LV-DEAMONS");
        assertEquals(5, id.exitCode(), id.toString());
        assertEquals("ERROR! no check matches 'LV-DEAMONS'\n  hint: did you mean LV-DAEMONS?\n", id.err());
        Cli tag = verify("-i", inventory, "--tags", "securty");
        assertEquals(5, tag.exitCode(), tag.toString());
        assertEquals("ERROR! no check has the tag 'securty'\n  hint: did you mean security?\n", tag.err());
        Cli limit = verify("-i", inventory, "-l", "godo");
        assertEquals(5, limit.exitCode(), limit.toString());
        assertEquals("ERROR! --limit 'godo' matches no host of the inventory\n  hint: did you mean good?\n",
                limit.err());
    }

    @Test
    void eachReportFileIsWritten() throws Exception {
        Path xml = dir.resolve("out/verify.xml");
        Path json = dir.resolve("out/verify.json");
        Path prom = dir.resolve("out/kvmforge.prom");
        Cli r = verify("-i", inventory, "--checks", "QEMU-NONROOT,LV-IMAGE-PERMS", "--junit-xml", xml, "--json", json,
                "--prometheus", prom);
        assertEquals(2, r.exitCode(), "a FAIL outranks an unreachable host: " + r);

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList suites = doc.getElementsByTagName("testsuite");
        assertEquals(3, suites.getLength());
        NodeList cases = doc.getElementsByTagName("testcase");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            names.add(c.getAttribute("classname") + " | " + c.getAttribute("name"));
        }
        assertTrue(names.contains("bad.qemu | QEMU-NONROOT: QEMU guests do not run as root"), names.toString());
        assertEquals(6, names.size(), names.toString());

        JsonNode report = Yaml.binder().readTree(json.toFile());
        assertEquals("bad", report.at("/hosts/1/host").asText());
        JsonNode check = report.at("/hosts/1/checks/1");
        assertEquals("QEMU-NONROOT", check.at("/id").asText());
        assertEquals("FAIL", check.at("/outcome").asText());
        assertEquals("high", check.at("/severity").asText());
        assertFalse(check.at("/waived").asBoolean());

        String metrics = Files.readString(prom);
        assertTrue(metrics.contains("kvmforge_check_pass{host=\"bad\",id=\"QEMU-NONROOT\",severity=\"high\"} 0\n"),
                metrics);
        assertTrue(metrics.contains("kvmforge_hosts_unreachable 1\n"), metrics);

        String all = Files.readString(xml) + Files.readString(json) + metrics;
        assertFalse(all.contains(PASSWORD), "a password leaked into a report");
    }

    @Test
    void listChecksShowsBuiltInAndSpecChecksAndChecksNothing() throws Exception {
        Path spec = write("site.yml", """
                - {id: SITE-SSH, title: sshd runs, severity: high, tags: [access], service: {name: ssh, running: true}}
                """);
        Cli r = verify("-i", inventory, "--spec", spec, "--list-checks", "--tags", "access,security");
        assertEquals(0, r.exitCode(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("ID +SEVERITY +GROUP +TITLE"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.matches("SITE-SSH +high +site +sshd runs  \\[access\\]")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("QEMU-NONROOT ")), r.out());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("HV-DEV-KVM ")), "not tagged access or security");
        assertFalse(r.out().contains("UNREACHABLE"), "nothing is checked");
    }

    @Test
    void helpNamesTheExitCodes() {
        Cli r = verify("--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("--fail-on=SEVERITY"), r.out());
        String flat = r.out().replaceAll("\\s+", " ");
        assertTrue(flat.contains("2 a check failed at or above --fail-on, 3 a host could not be checked"), r.out());
    }
}
