package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate} of the file modules, with real checking commands on the local host: a refused content leaves the
 * file as it was and no copy behind; an accepted one is written; a command without {@code %s} is refused.
 */
class ValidateTest {

    @TempDir
    Path dir;

    private long copiesLeft() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".kvmforge-validate")).count();
        }
    }

    @Test
    void aRefusedLineLeavesTheFileAsItWasAndAnAcceptedOneIsWritten() throws Exception {
        Path sudoers = dir.resolve("sudoers");
        Files.writeString(sudoers, "Defaults env_reset\n");
        // the checker accepts a file only when every line has an even number of words
        String even = "awk 'NF % 2 { exit 1 }' %s";
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(new LineinfileModule(),
                Map.of("path", sudoers.toString(), "line", "odd line here", "validate", even)));
        assertTrue(e.getMessage().contains("failed to validate: " + even + " exited 1"), e.getMessage());
        assertTrue(e.getMessage().contains(sudoers + " is unchanged"), e.getMessage());
        assertEquals("Defaults env_reset\n", Files.readString(sudoers));
        assertEquals(0, copiesLeft(), "the copy that was checked is gone");

        assertTrue(TaskRun.run(new LineinfileModule(), Map.of("path", sudoers.toString(), "line", "root ALL",
                "validate", even)).changed());
        assertEquals("Defaults env_reset\nroot ALL\n", Files.readString(sudoers));
        assertEquals(0, copiesLeft());
    }

    @Test
    void copyAndBlockinfileValidateTheirContentToo() throws Exception {
        Path conf = dir.resolve("app.json");
        String json = "grep -q '^{\"' %s"; // a file that starts as a JSON object does
        assertThrows(KvmforgeException.class, () -> TaskRun.run(new CopyModule(), Map.of("dest", conf.toString(),
                "content", "{not json", "validate", json)));
        assertTrue(Files.notExists(conf), "nothing written");
        assertTrue(TaskRun.run(new CopyModule(), Map.of("dest", conf.toString(), "content", "{\"a\": 1}\n",
                "validate", json)).changed());
        Path cfg = dir.resolve("block.conf");
        Files.writeString(cfg, "a b\n");
        assertThrows(KvmforgeException.class, () -> TaskRun.run(new BlockinfileModule(), Map.of("path",
                cfg.toString(), "block", "x", "validate", "grep -q '^y$' %s")));
        assertEquals("a b\n", Files.readString(cfg));
        assertEquals(0, copiesLeft());
    }

    @Test
    void aValidateCommandWithoutPercentSIsRefused() {
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(new LineinfileModule(),
                Map.of("path", dir.resolve("f").toString(), "line", "x", "create", true, "validate", "visudo -c")));
        assertTrue(e.getMessage().contains("validate 'visudo -c' has no %s"), e.getMessage());
    }
}
