package dev.kvmforge.checks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.checks.VerificationResult;
import dev.kvmforge.checks.VerificationRun;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.report.ConsoleMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reports a door attaches to a run: console and files together, a file that cannot be written named. */
class ReportSetTest {

    @TempDir
    Path dir;

    @Test
    void printsTheConsoleAndWritesEachFileAskedFor() throws Exception {
        StringWriter console = new StringWriter();
        ReportSet reports = ReportSet.console(new PrintWriter(console), ConsoleMode.PLAIN, false, 0)
                .withJUnitXml(dir.resolve("r/verify.xml")).withJson(null).withPrometheus(dir.resolve("r/k.prom"));
        assertEquals(List.of(dir.resolve("r/verify.xml"), dir.resolve("r/k.prom")), reports.files());

        VerificationResult r = reports.run(VerificationRun.localhost().withChecks("HV-DEV-TUN"));

        assertEquals(1, r.results().size());
        assertTrue(console.toString().contains("HV-DEV-TUN"), console.toString());
        assertTrue(console.toString().lines().anyMatch(l -> l.matches("\\d+ passed, \\d+ failed, .*")));
        assertTrue(Files.readString(dir.resolve("r/verify.xml")).contains("HV-DEV-TUN"));
        assertTrue(Files.readString(dir.resolve("r/k.prom")).contains("HV-DEV-TUN"));
        assertTrue(Files.notExists(dir.resolve("r/verify.json")));
    }

    @Test
    void aFileThatCannotBeWrittenIsAnErrorNamingIt() throws Exception {
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        ReportSet reports = ReportSet.console(new PrintWriter(new StringWriter()), ConsoleMode.PLAIN, true, 0)
                .withJson(notADir.resolve("verify.json"));
        KvmforgeException e = assertThrows(KvmforgeException.class,
                () -> reports.run(VerificationRun.localhost().withChecks("HV-DEV-TUN")));
        assertEquals(ErrorKind.GENERAL, e.kind());
        assertEquals(notADir.resolve("verify.json").toString(), e.where().orElseThrow());
        assertTrue(e.what().startsWith("cannot write the report: "), e.what());
    }

    @Test
    void optionsNotSetLeaveTheRunAsItWas() {
        VerificationRun run = VerificationRun.localhost().withLimit(null).withLimit(" ").withChecks(List.of())
                .withTags().withSpecs(List.of()).withWaivers(null);
        assertTrue(run.discoveryRequest().getConfigurationParameters().keySet().stream()
                .noneMatch(k -> k.equals("kvmforge.limit") || k.equals("kvmforge.checks")
                        || k.equals("kvmforge.tags") || k.equals("kvmforge.specs") || k.equals("kvmforge.waivers")),
                run.discoveryRequest().getConfigurationParameters().keySet().toString());
    }
}
