package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code blockinfile} on real files of the local host, compared byte for byte with what Ansible's module writes. */
class BlockinfileModuleTest {

    @TempDir
    Path dir;

    private final BlockinfileModule module = new BlockinfileModule();

    private Map<String, Object> args(Path file, Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("path", file.toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void insertsAtTheEndThenReplacesBetweenTheMarkersAndASecondRunIsOk() throws Exception {
        Path f = dir.resolve("qemu.conf");
        Files.writeString(f, "user = \"root\"\ngroup = \"root\"");
        TaskRun check = TaskRun.check(module, args(f, "block", "security_driver = \"none\"\nvnc_listen = \"127.0.0.1\""));
        assertTrue(check.changed());
        assertEquals("Block inserted", check.result().values().get("msg"));
        assertEquals(1, check.diffs().size());
        assertEquals("user = \"root\"\ngroup = \"root\"", Files.readString(f), "check mode writes nothing");

        assertTrue(TaskRun.run(module, args(f, "block", "security_driver = \"none\"\nvnc_listen = \"127.0.0.1\""))
                .changed());
        assertEquals("user = \"root\"\ngroup = \"root\"\n# BEGIN ANSIBLE MANAGED BLOCK\nsecurity_driver = \"none\"\n"
                + "vnc_listen = \"127.0.0.1\"\n# END ANSIBLE MANAGED BLOCK\n", Files.readString(f));
        assertFalse(TaskRun.run(module, args(f, "block", "security_driver = \"none\"\nvnc_listen = \"127.0.0.1\"\n"))
                .changed(), "the same block again");

        assertTrue(TaskRun.run(module, args(f, "block", "security_driver = \"apparmor\"")).changed());
        assertEquals("user = \"root\"\ngroup = \"root\"\n# BEGIN ANSIBLE MANAGED BLOCK\nsecurity_driver = \"apparmor\"\n"
                + "# END ANSIBLE MANAGED BLOCK\n", Files.readString(f), "replaced where it was");

        TaskRun removed = TaskRun.run(module, args(f, "state", "absent"));
        assertEquals("Block removed", removed.result().values().get("msg"));
        assertEquals("user = \"root\"\ngroup = \"root\"\n", Files.readString(f));
        assertFalse(TaskRun.run(module, args(f, "state", "absent")).changed());
    }

    @Test
    void placesANewBlockAfterOrBeforeTheLastMatchOrAtTheStartWithItsOwnMarkers() throws Exception {
        Path f = dir.resolve("hosts");
        Files.writeString(f, "[web]\nw1\n[db]\nd1\n[web]\nw2\n");
        TaskRun.run(module, args(f, "block", "x", "insertafter", "^\\[web\\]", "marker", "; {mark} web"));
        assertEquals("[web]\nw1\n[db]\nd1\n[web]\n; BEGIN web\nx\n; END web\nw2\n", Files.readString(f));
        TaskRun.run(module, args(f, "block", "y", "insertbefore", "^\\[db\\]", "marker", "; {mark} db"));
        assertEquals("[web]\nw1\n; BEGIN db\ny\n; END db\n[db]\nd1\n[web]\n; BEGIN web\nx\n; END web\nw2\n",
                Files.readString(f));
        TaskRun.run(module, args(f, "block", "z", "insertbefore", "BOF", "marker", "# {mark}", "marker_begin", "start",
                "marker_end", "stop"));
        assertTrue(Files.readString(f).startsWith("# start\nz\n# stop\n[web]\n"), Files.readString(f));
        TaskRun.run(module, args(f, "block", "n", "insertafter", "^nomatch", "marker", "# {mark} n",
                "prepend_newline", true));
        assertTrue(Files.readString(f).endsWith("w2\n\n# BEGIN n\nn\n# END n\n"), "no match: at the end");
        TaskRun.run(module, args(f, "block", "", "marker", "; {mark} db"));
        assertFalse(Files.readString(f).contains("BEGIN db"), "an empty block takes the block out");
    }

    @Test
    void aMissingFileIsAnErrorUnlessCreateAndCreateMakesItsFolderWithItsMode() throws Exception {
        Path f = dir.resolve("new/sub/conf");
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(module, args(f, "block", "a")));
        assertTrue(e.getMessage().contains("Path " + f + " does not exist !"), e.getMessage());
        assertTrue(e.getMessage().contains("create: true"), e.getMessage());
        assertFalse(TaskRun.run(module, args(f, "state", "absent")).changed(), "absent from a missing file: ok");

        TaskRun made = TaskRun.run(module, args(f, "block", "a", "create", true, "mode", "0600"));
        assertEquals("File created", made.result().values().get("msg"));
        assertEquals("# BEGIN ANSIBLE MANAGED BLOCK\na\n# END ANSIBLE MANAGED BLOCK\n", Files.readString(f));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertFalse(TaskRun.run(module, args(f, "block", "a", "create", true, "mode", "0600")).changed());
        e = assertThrows(KvmforgeException.class, () -> TaskRun.run(module, args(dir, "block", "a")));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    void backupKeepsTheOldFile() throws Exception {
        Path f = dir.resolve("b.conf");
        Files.writeString(f, "old\n");
        TaskRun run = TaskRun.run(module, args(f, "block", "new", "backup", true));
        String backup = (String) run.result().values().get("backup_file");
        assertEquals("old\n", Files.readString(Path.of(backup)));
    }
}
