package dev.kvmforge.runner.modules;

import static dev.kvmforge.runner.modules.FileChecks.text;
import static dev.kvmforge.runner.modules.FileChecks.write;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lineinfile} against the real local host, on a file shaped like /etc/libvirt/qemu.conf. */
class LineinfileModuleTest {

    static final LineinfileModule LINE = new LineinfileModule();
    static final String QEMU_CONF = """
            # Master configuration file for the QEMU driver.
            #vnc_listen = "0.0.0.0"
            #
            # security_driver = [ "selinux", "apparmor" ]
            #security_default_confined = 1
            #user = "qemu"
            #group = "qemu"
            """;

    @TempDir
    Path dir;
    Path conf;

    @BeforeEach
    void qemuConf() {
        conf = dir.resolve("qemu.conf");
        write(conf, QEMU_CONF);
    }

    Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("path", conf.toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void securityDriverReplacesTheCommentedLine() {
        Map<String, Object> a = args("regexp", "^#?\\s*security_driver", "line", "security_driver = \"selinux\"");
        TaskRun check = TaskRun.check(LINE, a);
        String after = QEMU_CONF.replace("# security_driver = [ \"selinux\", \"apparmor\" ]",
                "security_driver = \"selinux\"");
        assertEquals(List.of(new Diff(conf.toString(), QEMU_CONF, after)), check.diffs());
        assertEquals("line replaced", check.plan().values().get("msg"));
        assertEquals(QEMU_CONF, text(conf));
        assertTrue(TaskRun.run(LINE, a).changed());
        assertEquals(after, text(conf));
        TaskRun again = TaskRun.run(LINE, a);
        assertFalse(again.changed());
        assertTrue(again.plan().isEmpty());
    }

    @Test
    void unmatchedLineIsAddedAtTheEndOnce() {
        Map<String, Object> a = args("regexp", "^user\\s*=", "line", "user = \"libvirt-qemu\"");
        TaskRun r = TaskRun.run(LINE, a);
        assertEquals("line added", r.result().values().get("msg"));
        assertEquals(QEMU_CONF + "user = \"libvirt-qemu\"\n", text(conf));
        assertFalse(TaskRun.run(LINE, a).changed());
    }

    @Test
    void exactLineAlreadyThereIsOkEvenIfRegexpMissesIt() {
        write(conf, "a\nuser = \"x\"\n");
        assertFalse(TaskRun.run(LINE, args("regexp", "^nomatch", "line", "user = \"x\"")).changed());
    }

    @Test
    void insertAfterAndBefore() {
        TaskRun.run(LINE, args("line", "vnc_listen = \"127.0.0.1\"", "insertafter", "^#vnc_listen"));
        assertTrue(text(conf).contains("#vnc_listen = \"0.0.0.0\"\nvnc_listen = \"127.0.0.1\"\n#\n"), text(conf));
        TaskRun.run(LINE, args("line", "# managed by kvmforge", "insertbefore", "BOF"));
        assertTrue(text(conf).startsWith("# managed by kvmforge\n# Master"));
        TaskRun.run(LINE, args("line", "group = \"kvm\"", "insertbefore", "^#group"));
        assertTrue(text(conf).contains("#user = \"qemu\"\ngroup = \"kvm\"\n#group"), text(conf));
        String once = text(conf);
        assertFalse(TaskRun.run(LINE, args("line", "group = \"kvm\"", "insertbefore", "^#group")).changed());
        assertFalse(TaskRun.run(LINE, args("line", "# managed by kvmforge", "insertbefore", "BOF")).changed());
        assertEquals(once, text(conf));
    }

    @Test
    void absentRemovesEveryMatchingLine() {
        Map<String, Object> a = args("regexp", "^#(user|group) =", "state", "absent");
        TaskRun check = TaskRun.check(LINE, a);
        assertEquals("2 line(s) removed", check.plan().values().get("msg"));
        assertEquals(QEMU_CONF, text(conf));
        assertTrue(TaskRun.run(LINE, a).changed());
        assertFalse(text(conf).contains("#user"));
        assertFalse(text(conf).contains("#group"));
        assertFalse(TaskRun.run(LINE, a).changed());
    }

    @Test
    void backrefsUseTheMatchAndLeaveAnUnmatchedFileAlone() {
        Map<String, Object> a = args("regexp", "^#(?P<key>security_default_confined) = \\d",
                "line", "\\g<key> = 0", "backrefs", true);
        assertTrue(TaskRun.run(LINE, a).changed());
        assertTrue(text(conf).contains("\nsecurity_default_confined = 0\n"), text(conf));
        assertFalse(TaskRun.run(LINE, a).changed());
        assertFalse(TaskRun.run(LINE, args("regexp", "^nothing(.*)", "line", "x\\1", "backrefs", true)).changed());
    }

    @Test
    void missingFileIsAnErrorUnlessCreate() {
        Path none = dir.resolve("new.conf");
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(LINE,
                Map.of("path", none.toString(), "line", "a = 1")));
        assertTrue(e.what().contains("does not exist"), e.what());
        assertTrue(e.hint().orElseThrow().contains("create: true"));
        Map<String, Object> create = Map.of("path", none.toString(), "line", "a = 1", "create", true, "mode", "0600");
        assertTrue(TaskRun.run(LINE, create).changed());
        assertEquals("a = 1\n", text(none));
        assertEquals("0600", FileChecks.mode(none));
        assertFalse(TaskRun.run(LINE, create).changed());
        assertFalse(TaskRun.run(LINE, Map.of("path", dir.resolve("n2").toString(), "line", "x", "state", "absent"))
                .changed());
    }

    @Test
    void backupAndLastLineWithoutNewline() {
        write(conf, "a = 1");
        TaskRun r = TaskRun.run(LINE, args("line", "b = 2", "backup", true));
        assertEquals("a = 1\nb = 2\n", text(conf));
        assertEquals("a = 1", text(Path.of((String) r.result().values().get("backup_file"))));
    }

    @Test
    void parameterErrors() {
        assertTrue(assertThrows(KvmforgeException.class, () -> TaskRun.run(LINE, args("regexp", "x"))).what()
                .contains("'line' is required"));
        assertTrue(assertThrows(KvmforgeException.class, () -> TaskRun.run(LINE, args("line", "x", "mode", "999")))
                .what().contains("mode '999'"));
        assertTrue(assertThrows(KvmforgeException.class, () -> TaskRun.run(LINE, args("line", "x", "backrefs", true)))
                .what().contains("'backrefs' needs 'regexp'"));
        assertTrue(Files.exists(conf));
    }
}
