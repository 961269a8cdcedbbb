package dev.kvmforge.runner.modules;

import static dev.kvmforge.runner.modules.FileChecks.mode;
import static dev.kvmforge.runner.modules.FileChecks.owner;
import static dev.kvmforge.runner.modules.FileChecks.text;
import static dev.kvmforge.runner.modules.FileChecks.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code copy} against the real local host. */
class CopyModuleTest {

    static final CopyModule COPY = new CopyModule();

    @TempDir
    Path dir;

    @Test
    void checkModePlansTheCreationAndWritesNothing() {
        Path dest = dir.resolve("motd");
        TaskRun r = TaskRun.check(COPY, Map.of("content", "hello\n", "dest", dest.toString(), "mode", "0600"));
        assertTrue(r.changed());
        assertEquals(List.of("create " + dest + " (6 bytes, mode 0600)"), r.summaries());
        assertEquals(List.of(new Diff(dest.toString(), "", "hello\n")), r.diffs());
        assertFalse(Files.exists(dest));
    }

    @Test
    void firstRunWritesThenSecondRunIsOk() {
        Path dest = dir.resolve("motd");
        Map<String, Object> args = Map.of("content", "hello\n", "dest", dest.toString(), "mode", "0640");
        TaskRun first = TaskRun.run(COPY, args);
        assertTrue(first.changed());
        assertEquals("hello\n", text(dest));
        assertEquals("0640", mode(dest));
        assertEquals("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03", first.result().values().get("sha256"));
        TaskRun second = TaskRun.run(COPY, args);
        assertFalse(second.changed());
        assertTrue(second.plan().isEmpty());
    }

    @Test
    void changedContentShowsBeforeAndAfterAndCheckModeLeavesTheFile() {
        Path dest = dir.resolve("qemu.conf");
        write(dest, "a = 1\n");
        Map<String, Object> args = Map.of("content", "a = 2\n", "dest", dest.toString());
        TaskRun check = TaskRun.check(COPY, args);
        assertEquals(List.of("update " + dest), check.summaries());
        assertEquals(List.of(new Diff(dest.toString(), "a = 1\n", "a = 2\n")), check.diffs());
        assertEquals("a = 1\n", text(dest));
        assertTrue(TaskRun.run(COPY, args).changed());
        assertEquals("a = 2\n", text(dest));
        assertFalse(TaskRun.run(COPY, args).changed());
    }

    @Test
    void backupKeepsTheOldFileUnderADatedName() throws IOException {
        Path dest = dir.resolve("conf");
        write(dest, "old\n");
        TaskRun r = TaskRun.run(COPY, Map.of("content", "new\n", "dest", dest.toString(), "backup", true));
        String backup = (String) r.result().values().get("backup_file");
        assertTrue(backup.matches(java.util.regex.Pattern.quote(dest.toString())
                + "\\.\\d{4}-\\d\\d-\\d\\d@\\d\\d:\\d\\d:\\d\\d~"), backup);
        assertEquals("old\n", text(Path.of(backup)));
        assertEquals("new\n", text(dest));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void onlyTheModeDiffers() throws IOException {
        Path dest = dir.resolve("f");
        write(dest, "x");
        Files.setPosixFilePermissions(dest, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        TaskRun r = TaskRun.run(COPY, Map.of("content", "x", "dest", dest.toString(), "mode", "0600"));
        assertEquals(List.of("mode of " + dest + ": 0644 -> 0600"), r.summaries());
        assertEquals("0600", mode(dest));
        assertTrue(r.diffs().isEmpty());
        assertFalse(TaskRun.run(COPY, Map.of("content", "x", "dest", dest.toString(), "mode", "0600")).changed());
    }

    @Test
    void ownerAndGroup() {
        Path dest = dir.resolve("owned");
        Map<String, Object> args = Map.of("content", "x", "dest", dest.toString(), "owner", "nobody", "group", "nogroup");
        assertTrue(TaskRun.run(COPY, args).changed());
        assertEquals("nobody", owner(dest));
        assertEquals("nogroup", FileChecks.group(dest));
        assertFalse(TaskRun.run(COPY, args).changed());
    }

    @Test
    void forceFalseLeavesAnExistingFile() {
        Path dest = dir.resolve("keep");
        write(dest, "mine\n");
        TaskRun r = TaskRun.run(COPY, Map.of("content", "theirs\n", "dest", dest.toString(), "force", false));
        assertFalse(r.changed());
        assertEquals("mine\n", text(dest));
    }

    @Test
    void srcIsLookedUpInTheFilesFolderAndCopiedIntoADirectory() throws IOException {
        Path playbook = Files.createDirectories(dir.resolve("pb/files"));
        write(playbook.resolve("vm.xml"), "<domain/>\n");
        Path target = Files.createDirectories(dir.resolve("etc"));
        Map<String, Object> args = Map.of("src", "vm.xml", "dest", target.toString());
        TaskRun r = TaskRun.run(COPY, args, false, Map.of(), dir.resolve("pb"));
        assertTrue(r.changed());
        assertEquals("<domain/>\n", text(target.resolve("vm.xml")));
        assertFalse(TaskRun.run(COPY, args, false, Map.of(), dir.resolve("pb")).changed());
    }

    @Test
    void missingSrcNamesTheParameterAndThePaths() {
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(COPY,
                Map.of("src", "nope.txt", "dest", dir.resolve("x").toString()), false, Map.of(), dir));
        assertTrue(e.what().startsWith("copy: src 'nope.txt' not found: no file at " + dir.resolve("files/nope.txt")),
                e.what());
        assertTrue(e.hint().orElseThrow().contains("files/"));
    }

    @Test
    void parameterErrors() {
        assertTrue(assertThrows(KvmforgeException.class, () -> TaskRun.run(COPY, Map.of("content", "x")))
                .what().contains("'dest' is required"));
        assertTrue(assertThrows(KvmforgeException.class, () -> TaskRun.run(COPY, Map.of("dest", "/tmp/x")))
                .what().contains("give 'src'"));
        KvmforgeException mode = assertThrows(KvmforgeException.class, () -> TaskRun.run(COPY,
                Map.of("content", "x", "dest", dir.resolve("m").toString(), "mode", "999")));
        assertTrue(mode.what().contains("mode '999' is not an octal mode"), mode.what());
        KvmforgeException unknown = assertThrows(KvmforgeException.class, () -> TaskRun.run(COPY,
                Map.of("content", "x", "dest", "/tmp/x", "mdoe", "0644")));
        assertTrue(unknown.getMessage().contains("mode"), unknown.getMessage());
        assertFalse(Files.exists(dir.resolve("m")));
    }

    @Test
    void remoteSrcCopiesAFileOnTheHostKeepsItsModeForANewFileAndASecondRunIsOk() throws Exception {
        Path src = dir.resolve("seed.img");
        Files.write(src, new byte[] {0, 1, 2, (byte) 0xff});
        Files.setPosixFilePermissions(src, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        Path images = Files.createDirectory(dir.resolve("images"));
        Map<String, Object> args = Map.of("src", src.toString(), "dest", images + "/", "remote_src", true);
        TaskRun check = TaskRun.check(COPY, args);
        assertEquals(List.of("create " + images.resolve("seed.img") + " from " + src + " (4 bytes)"), check.summaries());
        assertFalse(Files.exists(images.resolve("seed.img")));
        assertTrue(TaskRun.run(COPY, args).changed());
        assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(images.resolve("seed.img")));
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(images.resolve("seed.img"))));
        assertFalse(TaskRun.run(COPY, args).changed());

        Files.write(src, new byte[] {9});
        TaskRun updated = TaskRun.run(COPY, Map.of("src", src.toString(), "dest", images.resolve("seed.img").toString(),
                "remote_src", true, "backup", true, "mode", "0600"));
        assertTrue(updated.changed());
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(images.resolve("seed.img")));
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, Files.readAllBytes(Path.of((String) updated.result()
                .values().get("backup_file"))), "the replaced file is kept");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(images.resolve("seed.img"))));
    }

    @Test
    void remoteSrcRefusesAMissingFileADirectoryAndContentThatDoesNotValidate() throws Exception {
        KvmforgeException missing = assertThrows(KvmforgeException.class, () -> TaskRun.run(COPY,
                Map.of("src", dir.resolve("nope").toString(), "dest", dir.resolve("x").toString(), "remote_src", true)));
        assertTrue(missing.getMessage().contains("(remote_src) does not exist"), missing.getMessage());
        KvmforgeException folder = assertThrows(KvmforgeException.class, () -> TaskRun.run(COPY,
                Map.of("src", dir.toString(), "dest", "/tmp/x", "remote_src", true)));
        assertTrue(folder.getMessage().contains("is a directory: copying a directory with remote_src is not supported"
                + " yet"), folder.getMessage());
        Path src = Files.writeString(dir.resolve("conf"), "bad\n");
        Path dest = Files.writeString(dir.resolve("live.conf"), "good\n");
        KvmforgeException refused = assertThrows(KvmforgeException.class, () -> TaskRun.run(COPY,
                Map.of("src", src.toString(), "dest", dest.toString(), "remote_src", true,
                        "validate", "grep -q good %s")));
        assertTrue(refused.getMessage().contains("failed to validate"), refused.getMessage());
        assertEquals("good\n", Files.readString(dest));
        KvmforgeException controllerDir = assertThrows(KvmforgeException.class, () -> TaskRun.run(COPY,
                Map.of("src", dir.toString(), "dest", "/tmp/x")));
        assertTrue(controllerDir.getMessage().contains("copying a directory from the controller is not supported yet"),
                controllerDir.getMessage());
    }

    @Test
    void followWritesThroughALinkAtDestAndWithoutItTheLinkIsReplaced() throws Exception {
        Path target = Files.writeString(dir.resolve("real.conf"), "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("active.conf"), target);
        assertTrue(TaskRun.run(COPY, Map.of("content", "new\n", "dest", link.toString(), "follow", true)).changed());
        assertTrue(Files.isSymbolicLink(link), "the link stays");
        assertEquals("new\n", Files.readString(target));
        assertFalse(TaskRun.run(COPY, Map.of("content", "new\n", "dest", link.toString(), "follow", true)).changed());
        assertTrue(TaskRun.run(COPY, Map.of("content", "mine\n", "dest", link.toString())).changed());
        assertFalse(Files.isSymbolicLink(link), "follow: false (the default) replaces the link, as Ansible does");
        assertEquals("new\n", Files.readString(target), "the target is not touched");
    }

    @Test
    void checksumLetsOnlyTheNamedSourceThrough() throws Exception {
        Path dest = dir.resolve("c.txt");
        // sha1("x") = 11f6ad8ec52a2984abaafd7c3b516503785c2072
        assertTrue(TaskRun.run(COPY, Map.of("content", "x", "dest", dest.toString(), "checksum",
                "11f6ad8ec52a2984abaafd7c3b516503785c2072")).changed());
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(COPY, Map.of("content", "y",
                "dest", dest.toString(), "checksum", "11f6ad8ec52a2984abaafd7c3b516503785c2072")));
        assertTrue(e.getMessage().contains("nothing was copied"), e.getMessage());
        assertEquals("x", Files.readString(dest));
        KvmforgeException remote = assertThrows(KvmforgeException.class, () -> TaskRun.run(COPY, Map.of("src",
                dest.toString(), "remote_src", true, "dest", dir.resolve("d.txt").toString(), "checksum", "0")));
        assertTrue(remote.getMessage().contains("the source's SHA-1 is 11f6ad8ec52a2984abaafd7c3b516503785c2072"),
                remote.getMessage());
    }
}
