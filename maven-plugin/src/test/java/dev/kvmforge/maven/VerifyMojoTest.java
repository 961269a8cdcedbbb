package dev.kvmforge.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.checks.VerificationResult;
import dev.kvmforge.checks.model.CheckResult;
import dev.kvmforge.checks.model.Outcome;
import dev.kvmforge.checks.model.Severity;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kvm:verify on the local host (specs in a temporary folder) and against a closed port: no SSH server needed. */
class VerifyMojoTest {

    private static final String MISSING = "/nonexistent/kvmforge-verify-mojo-test/marker";

    private static final String SPEC = """
            - id: T-OS-RELEASE
              title: the host says what it is
              severity: critical
              file: {path: /etc/os-release}

            - id: T-MARKER
              title: the provisioning marker is there
              severity: high
              hint: run kvm:provision first
              file: {path: %s}
            """.formatted(MISSING);

    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();

    private VerifyMojo mojo() {
        VerifyMojo m = new VerifyMojo();
        m.setLog(log);
        m.reportsDirectory = dir.resolve("kvm-reports").toFile();
        return m;
    }

    private File write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text).toFile();
    }

    @Test
    void failOnTakesTheFiveSeveritiesInAnyCase() {
        VerifyMojo m = mojo();
        assertEquals(Severity.INFO, m.failOnSeverity(), "the default is the CLI's");
        for (String word : List.of("info", "low", "Medium", "HIGH", " critical ")) {
            m.failOn = word;
            assertEquals(word.strip().toLowerCase(), m.failOnSeverity().toString());
        }
    }

    @Test
    void anUnknownSeverityIsAClearParameterError() {
        VerifyMojo m = mojo();
        m.failOn = "severe";
        MojoExecutionException e = assertThrows(MojoExecutionException.class, m::execute);
        assertEquals("kvm:verify: failOn: unknown severity 'severe': use one of info, low, medium, high, critical",
                e.getMessage());
        m.failOn = "hihg";
        e = assertThrows(MojoExecutionException.class, m::execute);
        assertTrue(e.getMessage().endsWith("(did you mean high?)"), e.getMessage());
    }

    @Test
    void missingFilesAreNamed() {
        VerifyMojo m = mojo();
        m.inventory = new File("/nonexistent/hosts.ini");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, m::execute);
        assertEquals("kvm:verify: inventory: /nonexistent/hosts.ini does not exist", e.getMessage());
        m.inventory = null;
        m.specs = List.of(new File("/nonexistent/site.yml"));
        e = assertThrows(MojoExecutionException.class, m::execute);
        assertEquals("kvm:verify: specs: /nonexistent/site.yml does not exist", e.getMessage());
    }

    @Test
    void aFailingCheckFailsTheBuildNamingHostCheckMessageAndHint() throws Exception {
        VerifyMojo m = mojo();
        m.specs = List.of(write("site.yml", SPEC));
        m.checks = List.of("T-*");
        MojoFailureException e = assertThrows(MojoFailureException.class, m::execute);
        assertEquals("kvm:verify: 1 check failed at or above severity info:\n"
                + "  localhost T-MARKER [high]: " + MISSING + " does not exist; hint: run kvm:provision first",
                e.getMessage());
        assertEquals(null, e.getCause(), "nothing for Maven to print but the message");

        String text = log.text();
        assertTrue(text.contains("INFO kvm:verify: 2 checks on the local host, failing the build at severity info"
                + " or above"), text);
        // the CLI's console shape, through Maven's log
        assertTrue(text.contains("INFO localhost (local)") || text.contains("INFO localhost"), text);
        assertTrue(text.matches("(?s).*INFO   PASS   T-OS-RELEASE\\s+the host says what it is\n.*"), text);
        assertTrue(text.matches("(?s).*INFO   FAIL   T-MARKER\\s+the provisioning marker is there \\[high]\n.*"),
                text);
        assertTrue(text.contains("INFO          hint: run kvm:provision first"), text);
        assertTrue(text.contains("INFO 1 passed, 1 failed, 0 warned, 0 skipped, 0 errors"), text);

        Path xml = dir.resolve("kvm-reports/kvm-verify.xml");
        Path json = dir.resolve("kvm-reports/kvm-verify.json");
        assertTrue(Files.readString(xml).contains("<failure"), "JUnit XML");
        assertTrue(Files.readString(json).contains("T-MARKER"), "JSON");
    }

    @Test
    void belowFailOnTheBuildPassesAndTheReportsStillSayFail() throws Exception {
        VerifyMojo m = mojo();
        m.specs = List.of(dir.toFile()); // a folder: its .yml files
        write("site.yml", SPEC);
        write("notes.txt", "not a spec");
        m.checks = List.of("T-*");
        m.failOn = "critical";
        m.execute();
        assertTrue(log.text().contains("INFO 1 passed, 1 failed"), log.text());
        assertTrue(Files.readString(dir.resolve("kvm-reports/kvm-verify.json")).contains("FAIL"));
    }

    @Test
    void checkTagsAndLimitSelect() throws Exception {
        VerifyMojo m = mojo();
        m.specs = List.of(write("site.yml", SPEC.replace("severity: critical", "severity: critical\n  tags: [os]")));
        m.tags = List.of("os");
        m.limit = "localhost";
        m.quiet = true;
        m.execute();
        assertTrue(log.text().contains("INFO kvm:verify: 1 check on the local host"), log.text());
        assertFalse(log.text().contains("T-OS-RELEASE"), "quiet: passing checks are not listed");
        assertTrue(log.text().contains("INFO 1 passed, 0 failed"), log.text());
    }

    @Test
    void aSpecMistakeStopsTheBuildAtFileLineColumn() throws Exception {
        VerifyMojo m = mojo();
        File spec = write("typo.yml", "- id: T-TYPO\n  title: typo\n  severity: high\n  fiel: {path: /etc}\n");
        m.specs = List.of(spec);
        MojoExecutionException e = assertThrows(MojoExecutionException.class, m::execute);
        assertTrue(e.getMessage().matches("kvm:verify: " + spec + ":4:3: .*fiel.*"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("kvm-reports")), "no host was checked");
    }

    @Test
    void selectionsThatNameNothingStopTheBuild() throws Exception {
        VerifyMojo m = mojo();
        m.checks = List.of("NO-SUCH-CHECK");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, m::execute);
        assertTrue(e.getMessage().startsWith("kvm:verify: "), e.getMessage());
        assertTrue(e.getMessage().contains("NO-SUCH-CHECK"), e.getMessage());

        m.checks = null;
        m.limit = "localhots";
        e = assertThrows(MojoExecutionException.class, m::execute);
        assertEquals("kvm:verify: limit 'localhots' matches no host of the inventory; hint: did you mean localhost?",
                e.getMessage());
    }

    @Test
    void anUnreachableHostFailsTheBuildNamingItAndNoPassword() throws Exception {
        VerifyMojo m = mojo();
        m.inventory = write("hosts.ini", "kvm-down ansible_host=127.0.0.1 ansible_port=1 ansible_user=ops"
                + " ansible_password=Sesame-9 ansible_become_password=Become-7\n");
        m.knownHosts = dir.resolve("known_hosts").toFile();
        m.checks = List.of("HV-DEV-KVM");
        MojoFailureException e = assertThrows(MojoFailureException.class, m::execute);
        assertTrue(e.getMessage().startsWith("kvm:verify: 1 host could not be checked:\n  host kvm-down is unreachable: "),
                e.getMessage());
        assertTrue(log.text().contains("INFO kvm-down UNREACHABLE: "), log.text());
        String all = log.text() + e.getMessage() + Files.readString(dir.resolve("kvm-reports/kvm-verify.xml"))
                + Files.readString(dir.resolve("kvm-reports/kvm-verify.json"));
        assertFalse(all.contains("Sesame-9") || all.contains("Become-7"), "a password leaked");
    }

    @Test
    void theFailureMessageListsTenThenCountsTheRest() {
        List<CheckResult> results = new ArrayList<>();
        for (int i = 1; i <= 13; i++) {
            results.add(new CheckResult("kvm" + i, "C-" + i, "title", "g", Severity.HIGH, Outcome.FAIL,
                    "broken\nsecond line", "", false));
        }
        results.add(new CheckResult("kvm1", "C-LOW", "title", "g", Severity.LOW, Outcome.FAIL, "low", "", false));
        VerificationResult r = new VerificationResult(List.of(new dev.kvmforge.checks.HostReport("all", "", results,
                Map.of(), null, null)), List.of(), Instant.now(), Instant.now());
        String message = CheckFailures.message("kvm:verify", r, Severity.MEDIUM);
        List<String> lines = message.lines().toList();
        assertEquals("kvm:verify: 13 checks failed at or above severity medium:", lines.get(0));
        assertEquals("  kvm1 C-1 [high]: broken; second line", lines.get(1));
        assertEquals(12, lines.size());
        assertEquals("  and 3 more: see the log above", lines.get(11));
        assertFalse(message.contains("C-LOW"));
        assertEquals("", CheckFailures.message("kvm:verify", r, Severity.CRITICAL));
    }

    @Test
    void skipSaysSoAndChecksNothing() throws Exception {
        VerifyMojo m = mojo();
        m.skip = true;
        m.failOn = "severe";
        m.execute();
        assertEquals(List.of("INFO Skipping kvm:verify: skip is true"), log.lines);
    }
}
