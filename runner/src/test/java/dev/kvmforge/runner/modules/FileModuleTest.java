package dev.kvmforge.runner.modules;

import static dev.kvmforge.runner.modules.FileChecks.mode;
import static dev.kvmforge.runner.modules.FileChecks.owner;
import static dev.kvmforge.runner.modules.FileChecks.text;
import static dev.kvmforge.runner.modules.FileChecks.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code file} against the real local host. */
class FileModuleTest {

    static final FileModule FILE = new FileModule();

    @TempDir
    Path dir;

    @Test
    void directoryWithParentsAndMode() {
        Path d = dir.resolve("images/pool");
        Map<String, Object> args = Map.of("path", d.toString(), "state", "directory", "mode", "0711");
        TaskRun check = TaskRun.check(FILE, args);
        assertEquals(List.of("create directory " + d, "set mode 0711 on " + d), check.summaries());
        assertFalse(Files.exists(d));
        assertTrue(TaskRun.run(FILE, args).changed());
        assertTrue(Files.isDirectory(d));
        assertEquals("0711", mode(d));
        assertFalse(TaskRun.run(FILE, args).changed());
        assertEquals(List.of("mode of " + d + ": 0711 -> 0700"),
                TaskRun.check(FILE, Map.of("path", d.toString(), "state", "directory", "mode", "0700")).summaries());
    }

    @Test
    void recurseSetsOwnerOnEverythingBelowOnce() throws IOException {
        Path d = Files.createDirectories(dir.resolve("tree/sub"));
        write(d.resolve("f"), "x");
        Map<String, Object> args = Map.of("dest", dir.resolve("tree").toString(), "state", "directory",
                "owner", "nobody", "recurse", true);
        TaskRun check = TaskRun.check(FILE, args);
        assertEquals(List.of("set owner nobody on " + dir.resolve("tree") + " and everything in it"), check.summaries());
        assertEquals("root", owner(d.resolve("f")));
        assertTrue(TaskRun.run(FILE, args).changed());
        assertEquals("nobody", owner(d.resolve("f")));
        assertEquals("nobody", owner(d));
        assertFalse(TaskRun.run(FILE, args).changed());
    }

    @Test
    void touchCreatesThenChangesEveryRunUnlessTimesArePreserved() {
        Path f = dir.resolve("stamp");
        Map<String, Object> args = Map.of("path", f.toString(), "state", "touch", "mode", "0600");
        assertEquals(List.of("create empty file " + f, "set mode 0600 on " + f), TaskRun.check(FILE, args).summaries());
        assertFalse(Files.exists(f));
        assertTrue(TaskRun.run(FILE, args).changed());
        assertEquals("0600", mode(f));
        assertEquals("", text(f));
        assertTrue(TaskRun.run(FILE, args).changed(), "touch updates the times on every run, as Ansible's does");
        Map<String, Object> preserve = Map.of("path", f.toString(), "state", "touch",
                "modification_time", "preserve", "access_time", "preserve");
        assertFalse(TaskRun.run(FILE, preserve).changed());
    }

    @Test
    void absentRemovesANonEmptyDirectory() throws IOException {
        Path d = Files.createDirectories(dir.resolve("old/deep"));
        write(d.resolve("f"), "x");
        Map<String, Object> args = Map.of("path", dir.resolve("old").toString(), "state", "absent");
        assertEquals(List.of("remove " + dir.resolve("old") + " and everything in it"),
                TaskRun.check(FILE, args).summaries());
        assertTrue(Files.exists(d));
        assertTrue(TaskRun.run(FILE, args).changed());
        assertFalse(Files.exists(dir.resolve("old")));
        assertFalse(TaskRun.run(FILE, args).changed());
    }

    @Test
    void symbolicLinkCreatedRetargetedAndIdempotent() throws IOException {
        Path link = dir.resolve("current");
        Map<String, Object> args = Map.of("src", "/etc/hostname", "dest", link.toString(), "state", "link");
        TaskRun check = TaskRun.check(FILE, args);
        assertEquals(List.of("link " + link + " -> /etc/hostname"), check.summaries());
        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
        assertTrue(TaskRun.run(FILE, args).changed());
        assertEquals(Path.of("/etc/hostname"), Files.readSymbolicLink(link));
        assertFalse(TaskRun.run(FILE, args).changed());
        TaskRun re = TaskRun.run(FILE, Map.of("src", "/etc/hosts", "path", link.toString(), "state", "link"));
        assertEquals(List.of("point link " + link + " at /etc/hosts (was /etc/hostname)"), re.summaries());
        assertEquals(Path.of("/etc/hosts"), Files.readSymbolicLink(link));
    }

    @Test
    void linkOverAFileNeedsForce() {
        Path f = dir.resolve("f");
        write(f, "data");
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(FILE,
                Map.of("src", "/etc/hosts", "path", f.toString(), "state", "link")));
        assertTrue(e.what().contains("refusing"), e.what());
        assertEquals("data", text(f));
        assertTrue(TaskRun.run(FILE, Map.of("src", "/etc/hosts", "path", f.toString(), "state", "link",
                "force", true)).changed());
        assertTrue(Files.isSymbolicLink(f));
    }

    @Test
    void hardLink() throws IOException {
        Path src = dir.resolve("a");
        write(src, "same");
        Path hard = dir.resolve("b");
        Map<String, Object> args = Map.of("src", src.toString(), "path", hard.toString(), "state", "hard");
        assertTrue(TaskRun.run(FILE, args).changed());
        assertTrue(Files.isSameFile(src, hard));
        assertFalse(TaskRun.run(FILE, args).changed());
    }

    @Test
    void fileStateSetsAttributesOfAnExistingFile() {
        Path f = dir.resolve("f");
        write(f, "x");
        Map<String, Object> args = Map.of("path", f.toString(), "owner", "nobody", "group", "nogroup");
        TaskRun check = TaskRun.check(FILE, args);
        assertEquals(List.of("owner of " + f + ": root -> nobody", "group of " + f + ": root -> nogroup"),
                check.summaries());
        assertEquals("root", owner(f));
        assertTrue(TaskRun.run(FILE, args).changed());
        assertEquals("nobody", owner(f));
        assertFalse(TaskRun.run(FILE, args).changed());
    }

    @Test
    void errors() {
        KvmforgeException missing = assertThrows(KvmforgeException.class, () -> TaskRun.run(FILE,
                Map.of("path", dir.resolve("none").toString(), "state", "file")));
        assertTrue(missing.what().contains("is absent, cannot continue"), missing.what());
        assertTrue(assertThrows(KvmforgeException.class, () -> TaskRun.run(FILE, Map.of("state", "directory")))
                .what().contains("'path' is required"));
        KvmforgeException choice = assertThrows(KvmforgeException.class, () -> TaskRun.run(FILE,
                Map.of("path", dir.toString(), "state", "folder")));
        assertEquals("module 'file', parameter 'state': state 'folder' is not a valid choice", choice.what());
        assertEquals("choose one of file, directory, absent, link, hard, touch", choice.hint().orElseThrow());
        assertTrue(assertThrows(KvmforgeException.class, () -> TaskRun.run(FILE,
                Map.of("path", dir.toString(), "state", "directory", "mode", "999"))).what()
                .contains("mode '999' is not an octal mode"));
        assertTrue(assertThrows(KvmforgeException.class, () -> TaskRun.run(FILE,
                Map.of("path", dir.resolve("l").toString(), "state", "link"))).what().contains("'src' is required"));
    }

    @Test
    void aLinkStandsForItsTargetUnlessFollowIsFalse() throws Exception {
        Path target = Files.writeString(dir.resolve("real.conf"), "x");
        Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Path link = Files.createSymbolicLink(dir.resolve("current.conf"), target);
        TaskRun r = TaskRun.run(new FileModule(), Map.of("path", link.toString(), "mode", "0600"));
        assertTrue(r.changed());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(target)), "the target's mode, as Ansible's default follow: true");
        assertFalse(TaskRun.run(new FileModule(), Map.of("path", link.toString(), "mode", "0600")).changed());
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        TaskRun own = TaskRun.run(new FileModule(), Map.of("path", link.toString(), "group", "daemon",
                "follow", false));
        assertTrue(own.changed());
        assertEquals("daemon", Files.readAttributes(link, java.nio.file.attribute.PosixFileAttributes.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS).group().getName(), "follow: false: the link itself");
        assertEquals("root", Files.readAttributes(target, java.nio.file.attribute.PosixFileAttributes.class)
                .group().getName());
    }
}
