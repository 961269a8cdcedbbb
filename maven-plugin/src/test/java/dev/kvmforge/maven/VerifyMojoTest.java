package dev.kvmforge.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;

class VerifyMojoTest {

    private final RecordingLog log = new RecordingLog();

    private VerifyMojo mojo() {
        VerifyMojo m = new VerifyMojo();
        m.setLog(log);
        return m;
    }

    @Test
    void failOnTakesTheFiveSeveritiesInAnyCase() {
        VerifyMojo m = mojo();
        for (String word : List.of("info", "low", "Medium", "HIGH", " critical ")) {
            m.failOn = word;
            assertEquals(word.strip().toLowerCase(), m.failOnSeverity().word());
        }
        assertTrue(Severity.HIGH.atLeast(Severity.MEDIUM));
        assertTrue(!Severity.LOW.atLeast(Severity.MEDIUM));
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
    }

    @Test
    void validParametersStopAtTheMissingEngine() {
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo()::execute);
        assertEquals("kvm:verify needs the checks engine (not in this build yet)", e.getMessage());
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
