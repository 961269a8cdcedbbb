package dev.kvmforge.runner.modules;

import dev.kvmforge.testkit.BootSectorGuest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qemu_img} against the real qemu-img on this machine, in a temporary directory. */
class QemuImageModuleTest {

    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;

    private static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static QemuImage info(Path p) {
        return QemuImage.read(TaskRun.LOCAL, p.toString()).orElseThrow();
    }

    @Test
    void theTutorialsImageIsCreatedAsCheckModeSaidThenLeftAlone() {
        Path img = dir.resolve("ubuntu-server.qcow2");
        Map<String, Object> a = args("path", img.toString(), "size", "20G");

        TaskRun dry = TaskRun.check(new QemuImageModule(), a);
        assertTrue(dry.changed());
        assertEquals(List.of("create " + img + " (qcow2, 20 GiB)"), dry.summaries());
        assertFalse(Files.exists(img), "check mode creates nothing");

        TaskRun real = TaskRun.run(new QemuImageModule(), a);
        assertTrue(real.changed());
        assertEquals("qcow2", real.result().values().get("format"));
        assertEquals(20L << 30, real.result().values().get("virtual_size"));
        assertTrue((Long) real.result().values().get("actual_size") > 0);
        assertNull(real.result().values().get("backing_file"));
        assertEquals("qcow2", info(img).format());
        assertEquals(List.of(img.toString()), listing(), "no temporary file left beside it");

        TaskRun again = TaskRun.run(new QemuImageModule(), a);
        assertFalse(again.changed(), again.summaries().toString());
        assertEquals(20L << 30, again.result().values().get("virtual_size"));
    }

    @Test
    void aLargerSizeGrowsOnlyWithResize() {
        Path img = dir.resolve("a.qcow2");
        TaskRun.run(new QemuImageModule(), args("path", img.toString(), "size", "10M"));

        TaskRun warned = TaskRun.run(new QemuImageModule(), args("path", img.toString(), "size", "20M"));
        assertFalse(warned.changed());
        assertTrue(warned.result().msg().contains("set resize: true"), warned.result().msg());
        assertEquals(10 * MIB, info(img).virtualSize());

        Map<String, Object> grow = args("path", img.toString(), "size", "20M", "resize", true);
        assertEquals(List.of("grow " + img + " from 10 MiB to 20 MiB"), TaskRun.check(new QemuImageModule(), grow)
                .summaries());
        assertEquals(10 * MIB, info(img).virtualSize(), "check mode grows nothing");
        assertTrue(TaskRun.run(new QemuImageModule(), grow).changed());
        assertEquals(20 * MIB, info(img).virtualSize());
        assertFalse(TaskRun.run(new QemuImageModule(), grow).changed());
    }

    @Test
    void shrinkingIsRefused() {
        Path img = dir.resolve("a.raw");
        TaskRun.run(new QemuImageModule(), args("path", img.toString(), "format", "raw", "size", 2 * MIB));
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(new QemuImageModule(),
                args("path", img.toString(), "format", "raw", "size", "1M", "resize", true)));
        assertTrue(e.getMessage().contains("shrinking is not supported"), e.getMessage());
        assertEquals(2 * MIB, info(img).virtualSize());
    }

    @Test
    void anotherFormatIsReplacedOnlyWhenTheParameterSaysSo() throws Exception {
        Path img = dir.resolve("disk.img");
        BootSectorGuest.writeRawImage(img);
        byte[] before = Files.readAllBytes(img);
        Map<String, Object> qcow2 = args("path", img.toString(), "size", "1M");

        KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(new QemuImageModule(), qcow2));
        assertTrue(e.getMessage().contains("is a raw image") && e.getMessage().contains("format qcow2"),
                e.getMessage());
        assertTrue(e.hint().orElse("").contains("replace_existing_image: true"), e.getMessage());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(img)), "the image is untouched");

        qcow2.put("replace_existing_image", true);
        TaskRun dry = TaskRun.check(new QemuImageModule(), qcow2);
        assertEquals(List.of("replace " + img + " (raw, 1 MiB): create " + img + " (qcow2, 1 MiB)"), dry.summaries());
        assertTrue(TaskRun.run(new QemuImageModule(), qcow2).changed());
        assertEquals("qcow2", info(img).format());
        assertFalse(TaskRun.run(new QemuImageModule(), qcow2).changed());
    }

    @Test
    void preallocationAndClusterSizeGoToQemuImgAndTheClusterSizeIsKept() {
        Path img = dir.resolve("a.qcow2");
        Map<String, Object> a = args("path", img.toString(), "size", "4M", "preallocation", "metadata",
                "cluster_size", "128K");
        assertEquals(List.of("create " + img + " (qcow2, 4 MiB, preallocation metadata, cluster size 128 KiB)"),
                TaskRun.check(new QemuImageModule(), a).summaries());
        assertTrue(TaskRun.run(new QemuImageModule(), a).changed());
        assertEquals(128L << 10, info(img).clusterSize());
        assertFalse(TaskRun.run(new QemuImageModule(), a).changed());

        a.put("cluster_size", "64K");
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(new QemuImageModule(), a));
        assertTrue(e.getMessage().contains("cluster_size 64 KiB"), e.getMessage());
        KvmforgeException raw = assertThrows(KvmforgeException.class, () -> TaskRun.run(new QemuImageModule(),
                args("path", img.toString(), "format", "raw", "size", "4M", "preallocation", "metadata")));
        assertTrue(raw.getMessage().contains("'preallocation: metadata' is for qcow2"), raw.getMessage());
    }

    @Test
    void anOverlayOnTheGuestImageRecordsItsBackingFile() {
        Path base = BootSectorGuest.writeRawImage(dir.resolve("guest.img"));
        Path overlay = dir.resolve("overlay.qcow2");
        Map<String, Object> a = args("path", overlay.toString(), "backing_file", "guest.img");

        assertEquals(List.of("create " + overlay + " (qcow2, 1 MiB, backed by guest.img (raw))"),
                TaskRun.check(new QemuImageModule(), a).summaries());
        TaskRun made = TaskRun.run(new QemuImageModule(), a);
        assertEquals("guest.img", made.result().values().get("backing_file"));
        assertEquals("raw", info(overlay).backingFormat());
        assertFalse(TaskRun.run(new QemuImageModule(), args("path", overlay.toString(), "backing_file",
                base.toString(), "backing_format", "raw")).changed(), "the same backing file, written absolute");
    }

    @Test
    void aMissingBackingFileIsAnErrorBeforeAnythingChanges() {
        Path overlay = dir.resolve("overlay.qcow2");
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(new QemuImageModule(),
                args("path", overlay.toString(), "backing_file", "/nonexistent/base.qcow2")));
        assertTrue(e.getMessage().contains("'backing_file' /nonexistent/base.qcow2 does not exist"), e.getMessage());
        assertEquals(List.of(), listing());
    }

    @Test
    void badSizesAreErrorsNamingTheParameter() {
        for (Object size : List.of("20 GB", "-1G", "abc", -1, "1.5G", "99999999999P")) {
            KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(new QemuImageModule(),
                    args("path", dir.resolve("x.qcow2").toString(), "size", size)), String.valueOf(size));
            assertTrue(e.getMessage().contains("parameter 'size'"), e.getMessage());
            assertTrue(e.getMessage().contains(String.valueOf(size)), e.getMessage());
        }
        KvmforgeException odd = assertThrows(KvmforgeException.class, () -> TaskRun.run(new QemuImageModule(),
                args("path", dir.resolve("x.qcow2").toString(), "size", 1000)));
        assertTrue(odd.getMessage().contains("'size' must be a multiple of 512"), odd.getMessage());
        assertEquals(List.of(), listing());
    }

    @Test
    void convertMakesTheSameDiskInAnotherFormatOnce() {
        Path raw = BootSectorGuest.writeRawImage(dir.resolve("guest.img"));
        Path qcow2 = dir.resolve("guest.qcow2");
        Map<String, Object> a = args("path", qcow2.toString(), "convert_from", raw.toString());

        assertEquals(List.of("convert " + raw + " (raw, 1 MiB) into " + qcow2 + " (qcow2)"),
                TaskRun.check(new QemuImageModule(), a).summaries());
        assertTrue(TaskRun.run(new QemuImageModule(), a).changed());
        assertTrue(TaskRun.LOCAL.exec("qemu-img", "compare", "-q", raw.toString(), qcow2.toString()).ok(),
                "the same guest-visible content");
        assertFalse(TaskRun.run(new QemuImageModule(), a).changed());
    }

    @Test
    void absentNeedsRemoveImage() {
        Path img = dir.resolve("a.qcow2");
        TaskRun.run(new QemuImageModule(), args("path", img.toString(), "size", "1M"));
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(new QemuImageModule(),
                args("path", img.toString(), "state", "absent")));
        assertTrue(e.getMessage().contains("remove_image: true"), e.getMessage());
        assertTrue(Files.exists(img));

        Map<String, Object> remove = args("path", img.toString(), "state", "absent", "remove_image", true);
        assertEquals(List.of("remove " + img + " (qcow2, 1 MiB)"), TaskRun.check(new QemuImageModule(), remove)
                .summaries());
        assertTrue(TaskRun.run(new QemuImageModule(), remove).changed());
        assertFalse(Files.exists(img));
        assertFalse(TaskRun.run(new QemuImageModule(), remove).changed());
    }

    private List<String> listing() {
        try (var files = Files.list(dir)) {
            return files.map(Path::toString).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
