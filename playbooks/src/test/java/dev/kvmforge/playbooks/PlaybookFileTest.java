package dev.kvmforge.playbooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookFileTest {

    @TempDir
    Path dir;

    @Test
    void namesTheShippedPlaybooks() {
        assertTrue(ShippedPlaybooks.names().contains("ping"), ShippedPlaybooks.names().toString());
    }

    @Test
    void aShippedNameIsCopiedOutAndRemovedOnClose() {
        Path folder;
        try (PlaybookFile file = PlaybookFile.resolve("ping.yml")) {
            assertTrue(file.shipped());
            assertTrue(Files.isRegularFile(file.path()), file.path().toString());
            assertEquals("ping.yml", file.path().getFileName().toString());
            folder = file.temporary();
        }
        assertFalse(Files.exists(folder), folder.toString());
    }

    @Test
    void aFileWinsOverAShippedNameAndIsRelativeToTheBaseFolder() throws Exception {
        Files.writeString(dir.resolve("ping"), "- hosts: all\n  tasks: []\n");
        try (PlaybookFile file = PlaybookFile.resolve("ping", dir)) {
            assertFalse(file.shipped());
            assertEquals(dir.resolve("ping"), file.path());
        }
    }

    @Test
    void anUnknownNameSaysWhatIsNear() {
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> PlaybookFile.resolve("pnig", dir));
        assertEquals("the playbook: pnig could not be found", e.what());
        assertTrue(e.hint().orElse("").contains("did you mean ping?"), e.getMessage());
    }

    @Test
    void aFolderIsNotAPlaybook() {
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> PlaybookFile.resolve(".", dir));
        assertTrue(e.what().endsWith("is a folder"), e.getMessage());
    }
}
