package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** modprobe against this machine's kernel: a module it has loaded, one it has not, and the boot files. */
class ModprobeModuleTest {

    private static final ModprobeModule MODPROBE = new ModprobeModule();
    private String loaded;
    private Path loadFile;
    private String before;

    @BeforeEach
    void pickALoadedModule() throws Exception {
        loaded = TaskRun.LOCAL.check("ls /sys/module | grep -E '^[a-z0-9_]+$' | head -n 1").strip();
        loadFile = Path.of("/etc/modules-load.d", loaded + ".conf");
        before = Files.exists(loadFile) ? Files.readString(loadFile) : null;
    }

    @AfterEach
    void restore() throws Exception {
        if (before == null) {
            Files.deleteIfExists(loadFile);
        } else {
            Files.writeString(loadFile, before);
        }
    }

    @Test
    void aLoadedModuleStaysAndItsBootFileComesAndGoes() {
        assertFalse(TaskRun.run(MODPROBE, Map.of("name", loaded)).result().changed(), loaded + " is loaded");
        TaskRun.run(MODPROBE, Map.of("name", loaded, "persistent", "absent"));
        assertFalse(Files.exists(loadFile));

        TaskRun dry = TaskRun.check(MODPROBE, Map.of("name", loaded, "persistent", "present"));
        assertEquals(List.of("create " + loadFile), dry.plan().changes().stream().map(Change::summary).toList());
        assertFalse(Files.exists(loadFile), "check mode writes nothing");

        assertTrue(TaskRun.run(MODPROBE, Map.of("name", loaded, "persistent", "present")).result().changed());
        assertTrue(Files.exists(loadFile));
        assertFalse(TaskRun.run(MODPROBE, Map.of("name", loaded, "persistent", "present")).result().changed());
        assertTrue(TaskRun.run(MODPROBE, Map.of("name", loaded, "persistent", "absent")).result().changed());
        assertFalse(Files.exists(loadFile));
    }

    @Test
    void aModuleThereIsNoneOfFailsClearly() {
        TaskRun dry = TaskRun.check(MODPROBE, Map.of("name", "kvmforge_none", "params", "a=1"));
        assertEquals(List.of("load kvmforge_none (a=1)"), dry.plan().changes().stream().map(Change::summary).toList());
        KvmforgeException e = assertThrows(KvmforgeException.class,
                () -> TaskRun.run(MODPROBE, Map.of("name", "kvmforge_none")));
        assertTrue(e.what().startsWith("modprobe kvmforge_none failed: "), e.what());
        assertThrows(KvmforgeException.class, () -> TaskRun.run(MODPROBE, Map.of("name", "x; rm -rf /")));
    }
}
