package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.libvirt.LocalLibvirtd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code community.libvirt.virt_volume} in a fresh {@code dir} pool of the machine's real libvirtd. */
class VirtVolumeModuleTest {

    private final VirtVolumeModule module = new VirtVolumeModule();
    private String pool;
    private Path dir;

    @BeforeAll
    static void libvirtd() {
        LocalLibvirtd.ensureRunning();
    }

    @BeforeEach
    void fresh() {
        pool = LocalLibvirtd.name("vols");
        dir = LocalLibvirtd.directory();
        TaskRun.LOCAL.check("virsh -q -c qemu:///system pool-define --file /dev/stdin <<'EOF'\n"
                + LocalLibvirtd.dirPoolXml(pool, dir) + "EOF\nvirsh -q -c qemu:///system pool-start --pool " + pool);
    }

    @AfterEach
    void cleanUp() {
        LocalLibvirtd.removePool(pool);
        LocalLibvirtd.removeDirectory(dir);
    }

    private static String volume(String name, String capacity) {
        return "<volume type='file'><name>" + name + "</name><capacity unit='M'>" + capacity + "</capacity>"
                + "<target><format type='raw'/></target></volume>";
    }

    @Test
    void createsGrowsListsAndDeletesAVolumeIdempotently() throws Exception {
        Map<String, Object> present = Map.of("pool", pool, "state", "present", "xml", volume("disk.raw", "1"));
        assertEquals(List.of("create volume disk.raw in pool " + pool), TaskRun.check(module, present).summaries());
        assertFalse(Files.exists(dir.resolve("disk.raw")), "check mode creates nothing");
        TaskRun created = TaskRun.run(module, present);
        assertTrue(created.changed());
        assertEquals(1 << 20, Files.size(dir.resolve("disk.raw")));
        @SuppressWarnings("unchecked")
        Map<String, Object> create = (Map<String, Object>) created.result().values().get("create");
        assertEquals(List.of("disk.raw", dir.resolve("disk.raw").toString()), List.of(create.get("name"),
                create.get("path")));
        assertFalse(TaskRun.run(module, present).changed(), "second run");

        Map<String, Object> bigger = Map.of("pool", pool, "command", "create", "xml", volume("disk.raw", "2"));
        assertEquals(List.of("grow volume disk.raw from 1048576 to 2097152 bytes"),
                TaskRun.run(module, bigger).summaries());
        assertEquals(2 << 20, Files.size(dir.resolve("disk.raw")));
        KvmforgeException shrink = assertThrows(KvmforgeException.class, () -> TaskRun.run(module,
                Map.of("pool", pool, "state", "present", "xml", volume("disk.raw", "1"))));
        assertTrue(shrink.what().contains("shrinking it would lose the guest's data"), shrink.what());

        TaskRun clone = TaskRun.run(module, Map.of("pool", pool, "state", "present", "clone_source", "disk.raw",
                "xml", volume("copy.raw", "2")));
        assertEquals(List.of("create volume copy.raw in pool " + pool + " as a copy of disk.raw"), clone.summaries());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listed = (List<Map<String, Object>>) TaskRun.check(module,
                Map.of("pool", pool, "command", "list_volumes")).result().values().get("list_volumes");
        assertEquals(List.of("copy.raw", "disk.raw"), listed.stream().map(v -> v.get("name")).toList());
        assertEquals(2097152L, listed.get(1).get("capacity"));
        assertTrue(((String) TaskRun.check(module, Map.of("pool", pool, "command", "get_xml", "name", "disk.raw"))
                .result().values().get("get_xml")).contains("<name>disk.raw</name>"));

        Map<String, Object> absent = Map.of("pool", pool, "state", "absent", "name", "copy.raw", "wipe", true);
        assertEquals(List.of("wipe volume copy.raw in pool " + pool, "delete volume copy.raw from pool " + pool),
                TaskRun.check(module, absent).summaries());
        assertTrue(Files.exists(dir.resolve("copy.raw")), "check mode deletes nothing");
        TaskRun.run(module, absent);
        assertFalse(Files.exists(dir.resolve("copy.raw")));
        assertFalse(TaskRun.run(module, absent).changed(), "second run");
    }

    @Test
    void badArgumentsAndMissingPoolsAreClearErrors() {
        KvmforgeException missing = assertThrows(KvmforgeException.class, () -> TaskRun.run(module,
                Map.of("pool", "kvmf-test-nopool", "command", "list_volumes")));
        assertEquals("storage pool kvmf-test-nopool not found", missing.what());
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("state", "present", "xml", "<volume/>"),
                Map.of("pool", pool, "state", "present"), Map.of("pool", pool),
                Map.of("pool", pool, "state", "absent", "command", "delete", "name", "x"),
                Map.of("pool", pool, "command", "create_cidata_cdrom", "name", "x"))) {
            assertThrows(KvmforgeException.class, () -> Parameters.bind(module, bad), bad.toString());
        }
    }
}
