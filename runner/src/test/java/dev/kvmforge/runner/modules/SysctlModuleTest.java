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

/**
 * {@code sysctl} on the local host: the file as ansible.posix rewrites it, compared byte for byte; the running
 * kernel's value set and read back with the real sysctl (a harmless setting, put back afterwards); second runs ok.
 */
class SysctlModuleTest {

    /** A setting that changes nothing that matters for a few milliseconds: how old dirty pages may get. */
    private static final String KNOB = "vm.dirty_expire_centisecs";

    @TempDir
    Path dir;

    private final SysctlModule module = new SysctlModule();

    private Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("sysctl_file", dir.resolve("99-test.conf").toString());
        m.put("reload", false);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void writesTheSettingAsAnsiblePosixRewritesTheFileAndASecondRunIsOk() throws Exception {
        Path file = dir.resolve("99-test.conf");
        Files.writeString(file, "# tuned by hand\nnet.core.somaxconn = 1024\n  kernel.pid_max=4194304\n"
                + "net.core.somaxconn=2048\n; old\nvm.swappiness =  10\n");
        TaskRun check = TaskRun.check(module, args("name", "vm.swappiness", "value", 20));
        assertTrue(check.changed());
        assertEquals(1, check.diffs().size());
        assertTrue(Files.readString(file).contains("vm.swappiness =  10"), "check mode writes nothing");

        TaskRun run = TaskRun.run(module, args("name", "vm/swappiness", "value", 20));
        assertTrue(run.changed());
        assertEquals("# tuned by hand\nnet.core.somaxconn=1024\nkernel.pid_max=4194304\n; old\nvm.swappiness=20\n",
                Files.readString(file), "lines trimmed, a repeated key dropped, comments kept");
        assertFalse(TaskRun.run(module, args("name", "vm.swappiness", "value", "20")).changed());

        assertTrue(TaskRun.run(module, args("name", "net.ipv4.tcp_rmem", "value", "4096  87380\t6291456")).changed());
        assertTrue(Files.readString(file).endsWith("vm.swappiness=20\nnet.ipv4.tcp_rmem=4096 87380 6291456\n"));
        assertTrue(TaskRun.run(module, args("name", "net.ipv4.ip_forward", "value", true)).changed());
        assertTrue(Files.readString(file).endsWith("net.ipv4.ip_forward=1\n"), "yes/true is 1");

        assertTrue(TaskRun.run(module, args("name", "net.core.somaxconn", "state", "absent")).changed());
        assertFalse(Files.readString(file).contains("somaxconn"));
        assertFalse(TaskRun.run(module, args("name", "net.core.somaxconn", "state", "absent")).changed());
    }

    @Test
    void absentFromAFileThatIsNotThereChangesNothingAndCreatesNoFile() {
        assertFalse(TaskRun.run(module, args("name", "vm.swappiness", "state", "absent")).changed());
        assertFalse(Files.exists(dir.resolve("99-test.conf")));
    }

    @Test
    void setsTheRunningKernelAndLoadsTheFileThenASecondRunIsOk() throws Exception {
        String before = TaskRun.LOCAL.check("sysctl -n " + KNOB).strip();
        String other = String.valueOf(Integer.parseInt(before) + 7);
        try {
            Map<String, Object> a = args("name", KNOB, "value", other, "sysctl_set", true, "reload", true);
            TaskRun planned = TaskRun.check(module, a);
            assertTrue(planned.summaries().contains("set " + KNOB + " to " + other + " in the running kernel (now "
                    + before + ")"), planned.summaries().toString());
            assertEquals(before, TaskRun.LOCAL.check("sysctl -n " + KNOB).strip(), "check mode sets nothing");
            TaskRun run = TaskRun.run(module, a);
            assertTrue(run.changed());
            assertEquals(other, TaskRun.LOCAL.check("sysctl -n " + KNOB).strip());
            assertFalse(TaskRun.run(module, a).changed(), "file and kernel agree now");
        } finally {
            TaskRun.LOCAL.check("sysctl -w " + KNOB + "=" + before);
        }
    }

    @Test
    void aSettingTheKernelDoesNotHaveFailsClearlyUnlessErrorsAreIgnored() {
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(module,
                args("name", "kernel.no_such_knob", "value", 1, "sysctl_set", true)));
        assertTrue(e.getMessage().contains("has no setting kernel.no_such_knob"), e.getMessage());
        e = assertThrows(KvmforgeException.class, () -> TaskRun.run(module,
                args("name", "kernel.no_such_knob", "value", 1, "reload", true)));
        assertTrue(e.getMessage().contains("sysctl: loading " + dir.resolve("99-test.conf") + " failed"), e.getMessage());
        assertTrue(TaskRun.run(module, args("name", "kernel.no_such_knob2", "value", 1, "reload", true,
                "ignoreerrors", true)).changed());
        e = assertThrows(KvmforgeException.class, () -> TaskRun.run(module, args("name", "vm.swappiness")));
        assertTrue(e.getMessage().contains("'value' is required with state: present"), e.getMessage());
    }
}
