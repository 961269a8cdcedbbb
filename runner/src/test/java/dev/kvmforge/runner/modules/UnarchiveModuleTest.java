package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code unarchive} with the host's real tar: archives made by tar here, unpacked, compared, unpacked again. */
class UnarchiveModuleTest {

    @TempDir
    Path dir;

    Path playbook;
    Path dest;
    private final UnarchiveModule module = new UnarchiveModule();

    @BeforeEach
    void archives() throws Exception {
        Path stage = Files.createDirectories(dir.resolve("stage/firmware"));
        Files.writeString(stage.resolve("OVMF_CODE.fd"), "code\n");
        Files.writeString(stage.resolve("OVMF_VARS.fd"), "vars\n");
        playbook = Files.createDirectories(dir.resolve("pb/files"));
        sh("tar", "-czf", playbook.resolve("firmware.tar.gz").toString(), "-C", dir.resolve("stage").toString(),
                "firmware");
        sh("tar", "-cf", dir.resolve("firmware.tar").toString(), "-C", dir.resolve("stage").toString(),
                "firmware");
        dest = Files.createDirectories(dir.resolve("dest"));
    }

    private static void sh(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).inheritIO().start();
        assertEquals(0, p.waitFor(), String.join(" ", argv));
    }

    private TaskRun run(boolean check, Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("dest", dest.toString()));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return TaskRun.run(module, m, check, Map.of(), playbook.getParent());
    }

    @Test
    void unpacksAControllerArchiveOnceAndAgainOnlyWhenAMemberDiffers() throws Exception {
        TaskRun check = run(true, "src", "firmware.tar.gz", "list_files", true);
        assertTrue(check.changed());
        assertEquals(List.of("firmware/", "firmware/OVMF_CODE.fd", "firmware/OVMF_VARS.fd"),
                sorted(check.result().values().get("files")));
        assertFalse(Files.exists(dest.resolve("firmware")), "check mode unpacks nothing");

        assertTrue(run(false, "src", "firmware.tar.gz").changed());
        assertEquals("code\n", Files.readString(dest.resolve("firmware/OVMF_CODE.fd")));
        assertFalse(run(false, "src", "firmware.tar.gz").changed(), "every member is there as the archive has it");

        Files.writeString(dest.resolve("firmware/OVMF_VARS.fd"), "edited\n");
        assertTrue(run(true, "src", "firmware.tar.gz").changed(), "a member differs");
        assertTrue(run(false, "src", "firmware.tar.gz").changed());
        assertEquals("vars\n", Files.readString(dest.resolve("firmware/OVMF_VARS.fd")));
    }

    @Test
    void remoteSrcExcludeAndCreates() throws Exception {
        TaskRun r = run(false, "src", dir.resolve("firmware.tar").toString(), "remote_src", true,
                "exclude", List.of("firmware/OVMF_VARS.fd"));
        assertTrue(r.changed());
        assertTrue(Files.exists(dest.resolve("firmware/OVMF_CODE.fd")));
        assertFalse(Files.exists(dest.resolve("firmware/OVMF_VARS.fd")), "excluded");
        TaskRun skipped = run(false, "src", dir.resolve("firmware.tar").toString(), "remote_src", true,
                "creates", dest.resolve("firmware").toString());
        assertFalse(skipped.changed());
        assertEquals(true, skipped.result().values().get("skipped"));
    }

    @Test
    void aMissingDestinationAZipAndSomethingThatIsNoArchiveAreClearErrors() throws Exception {
        KvmforgeException noDest = assertThrows(KvmforgeException.class, () -> TaskRun.run(module, Map.of("src",
                "firmware.tar.gz", "dest", dir.resolve("nowhere").toString()), false, Map.of(), playbook.getParent()));
        assertTrue(noDest.getMessage().contains("destination '" + dir.resolve("nowhere") + "' is not a directory"),
                noDest.getMessage());
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(playbook.resolve("a.zip")))) {
            z.putNextEntry(new ZipEntry("x.txt"));
            z.write("x".getBytes());
        }
        KvmforgeException zip = assertThrows(KvmforgeException.class, () -> run(false, "src", "a.zip"));
        assertTrue(zip.getMessage().contains("is a zip archive: zip is not supported yet"), zip.getMessage());
        Files.writeString(playbook.resolve("notes.txt"), "just text\n");
        KvmforgeException text = assertThrows(KvmforgeException.class, () -> run(false, "src", "notes.txt"));
        assertTrue(text.getMessage().contains("is not an archive tar can read"), text.getMessage());
        KvmforgeException url = assertThrows(KvmforgeException.class, () -> run(false, "src",
                "https://example.org/a.tar.gz"));
        assertTrue(url.getMessage().contains("downloading archives is not supported yet"), url.getMessage());
    }

    private static List<String> sorted(Object files) {
        return ((List<?>) files).stream().map(String::valueOf).sorted().toList();
    }

    @Test
    void aUserWhoIsNotRootGetsASecondRunThatIsOkToo() throws Exception {
        // as nobody (through sudo), who cannot give the files the archive's owner: tar --diff reports Uid/Gid
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dest, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path archive = dir.resolve("firmware.tar");
        Files.setPosixFilePermissions(archive, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        dev.kvmforge.runner.host.Host nobody = TaskRun.LOCAL.withBecome(
                new dev.kvmforge.runner.connection.ExecRequest.Become("nobody", null));
        Map<String, Object> args = Map.of("src", archive.toString(), "dest", dest.toString(), "remote_src", true);
        UnarchiveModule.Params p = Parameters.bind(module, args);
        ModuleContext ctx = new ModuleContext(nobody, false, Map.of(), TaskRun.TEMPLAR, null);
        assertTrue(ModuleInvocation.of(module, p, ctx).result().changed());
        assertEquals("nobody", Files.getOwner(dest.resolve("firmware/OVMF_CODE.fd")).getName());
        assertFalse(ModuleInvocation.of(module, p, ctx).result().changed(), "owner differences are not a change");
    }
}
