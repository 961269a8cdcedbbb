package dev.kvmforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The launcher's training run: every step (a playbook in check mode and for real over SSH to the throwaway server,
 * verify with reports, the listings) must end as expected, or the archive would miss their classes unnoticed.
 */
class TrainCommandTest {

    @Test
    void everyStepRunsOverSshToTheThrowawayServerAndNothingIsLeftBehind() throws IOException {
        List<Path> before = trainingDirs();
        Cli cli = Cli.run("train-archive");
        assertEquals(0, cli.exitCode(), cli.toString());
        assertEquals("", cli.err(), cli.toString());
        assertEquals(before, trainingDirs());
    }

    @Test
    void theHelpDoesNotOfferIt() {
        Cli cli = Cli.run("--help");
        assertEquals(0, cli.exitCode());
        assertFalse(cli.out().contains("train-archive"), cli.out());
    }

    private static List<Path> trainingDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("kvmforge-train")).sorted().toList();
        }
    }
}
