package dev.kvmforge.runner.modules;

import static dev.kvmforge.runner.modules.FileChecks.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stat} against the real local host. */
class StatModuleTest {

    static final StatModule STAT = new StatModule();

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    static Map<String, Object> stat(TaskRun r) {
        assertFalse(r.changed());
        return (Map<String, Object>) r.result().values().get("stat");
    }

    @Test
    void regularFileWithSha1AndSha256() throws IOException {
        Path f = dir.resolve("f");
        write(f, "hello\n");
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        Map<String, Object> s = stat(TaskRun.run(STAT, Map.of("path", f.toString())));
        assertEquals(true, s.get("exists"));
        assertEquals(true, s.get("isreg"));
        assertEquals(false, s.get("isdir"));
        assertEquals(false, s.get("islnk"));
        assertEquals("0640", s.get("mode"));
        assertEquals("root", s.get("pw_name"));
        assertEquals("root", s.get("gr_name"));
        assertEquals(6L, s.get("size"));
        assertEquals("f572d396fae9206628714fb2ce00f72e94f2258f", s.get("checksum"));
        assertEquals("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03",
                stat(TaskRun.run(STAT, Map.of("path", f.toString(), "checksum_algorithm", "sha256"))).get("checksum"));
        assertNull(stat(TaskRun.run(STAT, Map.of("path", f.toString(), "get_checksum", false))).get("checksum"));
        assertTrue(((Long) s.get("mtime")) > 1_600_000_000L);
    }

    @Test
    void checkModeGivesTheSameAnswer() {
        Map<String, Object> s = stat(TaskRun.check(STAT, Map.of("path", dir.toString())));
        assertEquals(true, s.get("isdir"));
        assertFalse(s.containsKey("checksum"));
    }

    @Test
    void linkItselfOrItsTarget() throws IOException {
        Path target = dir.resolve("t");
        write(target, "x");
        Path link = Files.createSymbolicLink(dir.resolve("l"), target);
        Map<String, Object> s = stat(TaskRun.run(STAT, Map.of("path", link.toString())));
        assertEquals(true, s.get("islnk"));
        assertEquals(target.toString(), s.get("lnk_target"));
        Map<String, Object> followed = stat(TaskRun.run(STAT, Map.of("path", link.toString(), "follow", true)));
        assertEquals(true, followed.get("isreg"));
        assertEquals(false, followed.get("islnk"));
    }

    @Test
    void missingPathExistsFalse() {
        assertEquals(Map.of("exists", false), stat(TaskRun.run(STAT, Map.of("path", dir.resolve("no").toString()))));
    }

    @Test
    void errors() {
        assertTrue(assertThrows(KvmforgeException.class, () -> TaskRun.run(STAT, Map.of())).what()
                .contains("'path' is required"));
        assertTrue(assertThrows(KvmforgeException.class, () -> TaskRun.run(STAT,
                Map.of("path", "/", "checksum_algorithm", "crc"))).hint().orElseThrow().contains("one of sha1"));
    }
}
