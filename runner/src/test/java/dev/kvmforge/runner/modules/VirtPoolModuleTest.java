package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.libvirt.Libvirt;
import dev.kvmforge.runner.libvirt.LibvirtPool;
import dev.kvmforge.runner.libvirt.LocalLibvirtd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code community.libvirt.virt_pool} against the machine's real libvirtd: {@code dir} pools named
 * {@code kvmf-test-*} in a fresh directory, as the published roles define, build, start and autostart them.
 */
class VirtPoolModuleTest {

    private final VirtPoolModule module = new VirtPoolModule();
    private String name;
    private Path dir;
    private Path target;

    @BeforeAll
    static void libvirtd() {
        LocalLibvirtd.ensureRunning();
    }

    @BeforeEach
    void fresh() {
        name = LocalLibvirtd.name("pool");
        dir = LocalLibvirtd.directory();
        target = dir.resolve("images");
    }

    @AfterEach
    void cleanUp() {
        LocalLibvirtd.removePool(name);
        LocalLibvirtd.removeDirectory(dir);
    }

    private Optional<LibvirtPool> pool() {
        try (Libvirt l = Libvirt.open(TaskRun.LOCAL, null)) {
            return l.pool(name);
        }
    }

    private Map<String, Object> define() {
        return Map.of("command", "define", "name", name, "xml", LocalLibvirtd.dirPoolXml(name, target));
    }

    @Test
    void definesBuildsStartsAndAutostartsAsTheRolesDo() {
        TaskRun dry = TaskRun.check(module, define());
        assertEquals(List.of("define storage pool " + name), dry.summaries());
        assertTrue(pool().isEmpty(), "check mode defines nothing");
        assertTrue(TaskRun.run(module, define()).changed());
        assertFalse(TaskRun.run(module, define()).changed(), "second run");
        assertEquals("inactive", TaskRun.run(module, Map.of("name", name, "command", "status")).result().values()
                .get("status"));

        Map<String, Object> build = Map.of("name", name, "command", "build");
        assertEquals(List.of("build storage pool " + name + " (" + target + ")"),
                TaskRun.check(module, build).summaries());
        assertFalse(Files.exists(target), "check mode builds nothing");
        TaskRun.run(module, build);
        assertTrue(Files.isDirectory(target), "build made the pool's directory");
        assertFalse(TaskRun.run(module, build).changed(), "a dir pool whose directory is there is built");

        Map<String, Object> active = Map.of("name", name, "state", "active");
        assertEquals(List.of("start storage pool " + name), TaskRun.run(module, active).summaries());
        assertFalse(TaskRun.run(module, active).changed(), "second run");
        Map<String, Object> autostart = Map.of("name", name, "autostart", true);
        assertTrue(TaskRun.run(module, autostart).changed());
        assertFalse(TaskRun.run(module, autostart).changed(), "second run");
        LibvirtPool now = pool().orElseThrow();
        assertTrue(now.active() && now.autostart() && now.persistent(), now.toString());
        assertEquals(target.toString(), now.path());
        assertTrue(now.capacity() > 0, "an active pool has its sizes");
    }

    @Test
    void factsAreTheCollectionsAnsibleLibvirtPools() {
        TaskRun.run(module, define());
        TaskRun.run(module, Map.of("name", name, "command", "build"));
        TaskRun.run(module, Map.of("name", name, "state", "active"));
        TaskRun facts = TaskRun.check(module, Map.of("command", "facts"));
        assertFalse(facts.changed());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> pools = (Map<String, Map<String, Object>>) ((Map<String, Object>) facts
                .result().values().get("ansible_facts")).get("ansible_libvirt_pools");
        Map<String, Object> f = pools.get(name);
        String uuid = TaskRun.LOCAL.check("virsh -q -c qemu:///system pool-uuid --pool " + name).strip();
        assertEquals(List.of("status", "size_total", "size_used", "size_available", "autostart", "persistent",
                "state", "type", "uuid", "volume_count", "volumes", "path"), List.copyOf(f.keySet()));
        assertEquals(List.of("running", "no", "yes", "active", "dir", uuid, 0, List.of(), target.toString()),
                List.of(f.get("status"), f.get("autostart"), f.get("persistent"), f.get("state"), f.get("type"),
                        f.get("uuid"), f.get("volume_count"), f.get("volumes"), f.get("path")));
        assertTrue(Long.parseLong((String) f.get("size_total")) > 0, f.toString());
        assertEquals(pools, TaskRun.check(module, Map.of("command", "info")).result().values().get("pools"));
        @SuppressWarnings("unchecked")
        List<String> activeOnes = (List<String>) TaskRun.check(module, Map.of("command", "list_pools",
                "state", "active")).result().values().get("list_pools");
        assertTrue(activeOnes.contains(name), activeOnes.toString());
    }

    @Test
    void absentUndefinesAndKeepsTheDirectoryDeletedRemovesIt() throws Exception {
        TaskRun.run(module, define());
        TaskRun.run(module, Map.of("name", name, "command", "build"));
        TaskRun.run(module, Map.of("name", name, "state", "active"));
        Files.writeString(target.resolve("keep.img"), "data");
        TaskRun absent = TaskRun.run(module, Map.of("name", name, "state", "absent"));
        assertEquals(List.of("stop storage pool " + name, "undefine storage pool " + name + " (its storage stays: "
                + target + ")"), absent.summaries());
        assertTrue(pool().isEmpty());
        assertEquals("data", Files.readString(target.resolve("keep.img")), "undefining keeps the data");
        assertFalse(TaskRun.run(module, Map.of("name", name, "state", "absent")).changed());

        Files.delete(target.resolve("keep.img"));
        TaskRun.run(module, define());
        TaskRun.run(module, Map.of("name", name, "state", "active"));
        KvmforgeException active = assertThrows(KvmforgeException.class,
                () -> TaskRun.run(module, Map.of("name", name, "command", "delete")));
        assertTrue(active.what().contains("is active"), active.what());
        TaskRun deleted = TaskRun.run(module, Map.of("name", name, "state", "deleted"));
        assertEquals(3, deleted.summaries().size(), deleted.summaries().toString());
        assertFalse(Files.exists(target), "state deleted removes the (empty) directory");
        assertTrue(pool().isEmpty());
    }

    @Test
    void badArgumentsAndMissingPoolsAreClearErrors() {
        KvmforgeException missing = assertThrows(KvmforgeException.class,
                () -> TaskRun.run(module, Map.of("name", name, "state", "active")));
        assertEquals("storage pool " + name + " not found", missing.what());
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("name", "x"),
                Map.of("name", "x", "command", "define"), Map.of("command", "build"),
                Map.of("name", "x", "command", "build", "mode", "zeroed"),
                Map.of("name", "x", "command", "build", "mode", "sideways"),
                Map.of("name", "x", "state", "active", "command", "start"))) {
            assertThrows(KvmforgeException.class, () -> Parameters.bind(module, bad), bad.toString());
        }
    }

    @Test
    void factsTellWhereAPoolsStorageComesFrom() {
        String xml = "<pool type='fs'><name>" + name + "</name><source><device path='/dev/kvmf-test-none'/>"
                + "<format type='ext4'/></source><target><path>" + target + "</path></target></pool>";
        TaskRun.run(module, Map.of("command", "define", "name", name, "xml", xml));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> pools = (Map<String, Map<String, Object>>) TaskRun.check(module,
                Map.of("command", "info")).result().values().get("pools");
        Map<String, Object> f = pools.get(name);
        assertEquals(List.of("fs", "inactive", -1, "ext4", List.of("/dev/kvmf-test-none")), List.of(f.get("type"),
                f.get("state"), f.get("volume_count"), f.get("format"), f.get("devices")));
        assertFalse(f.containsKey("volumes") || f.containsKey("host"), "an inactive pool lists no volumes");
    }
}
