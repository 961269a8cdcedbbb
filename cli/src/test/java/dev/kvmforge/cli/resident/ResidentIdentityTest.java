package dev.kvmforge.cli.resident;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResidentIdentityTest {

    @Test
    void aRebuiltJarIsAnotherIdentity(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("kvmforge.jar"), "one build");
        ResidentIdentity identity = ResidentIdentity.of(jar);
        assertTrue(identity.current());
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));
        assertFalse(identity.current(), "the same size, a later build");
        Files.writeString(jar, "a build of another size");
        assertFalse(identity.current());
        Files.delete(jar);
        assertFalse(identity.current());
    }
}
