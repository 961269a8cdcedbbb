package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tempfile} on the local host, compared with what the file system then holds. */
class TempfileModuleTest {

    @TempDir
    Path dir;

    private final TempfileModule module = new TempfileModule();

    @Test
    void makesANewPrivateFileOrDirectoryEachRun() throws Exception {
        TaskRun file = TaskRun.run(module, Map.of("path", dir.toString(), "prefix", "vol-", "suffix", ".xml"));
        assertTrue(file.changed());
        Path made = Path.of((String) file.result().values().get("path"));
        assertEquals(dir, made.getParent());
        assertTrue(made.getFileName().toString().matches("vol-.{8}\\.xml"), made.toString());
        assertTrue(Files.isRegularFile(made));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(made)));
        TaskRun again = TaskRun.run(module, Map.of("path", dir.toString(), "prefix", "vol-", "suffix", ".xml"));
        assertNotEquals(made.toString(), again.result().values().get("path"), "every run makes a new one");

        TaskRun d = TaskRun.run(module, Map.of("state", "directory", "path", dir.toString()));
        Path madeDir = Path.of((String) d.result().values().get("path"));
        assertTrue(Files.isDirectory(madeDir) && madeDir.getFileName().toString().startsWith("ansible."));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(madeDir)));
    }

    @Test
    void inCheckModeTheTaskIsSkippedAndNothingIsMade() throws Exception {
        TempfileModule.Params p = Parameters.bind(module, Map.of("path", dir.toString()));
        ModuleInvocation invoked = ModuleInvocation.of(module, p, new ModuleContext(TaskRun.LOCAL, true, Map.of(),
                TaskRun.TEMPLAR, null));
        assertTrue(invoked.skipped());
        assertFalse(invoked.result().changed());
        assertEquals("remote module (tempfile) does not support check mode", invoked.result().msg());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aDirectoryThatIsNotThereIsAClearErrorAndBadNamesAreRefused() {
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(module,
                Map.of("path", dir.resolve("missing").toString())));
        assertTrue(e.what().startsWith("cannot create a temporary file: mktemp:"), e.what());
        assertThrows(KvmforgeException.class, () -> Parameters.bind(module, Map.of("prefix", "a/b")));
        assertThrows(KvmforgeException.class, () -> Parameters.bind(module, Map.of("state", "link")));
    }
}
