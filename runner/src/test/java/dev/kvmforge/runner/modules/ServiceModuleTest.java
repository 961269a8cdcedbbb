package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.libvirt.LocalLibvirtd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code service} on this machine, whose PID 1 is not an init: daemons are run directly ({@code manager: direct}) and
 * {@code enabled} writes systemd's links with {@code systemctl enable}. libvirtd is started through the
 * {@link LocalLibvirtd} fixture (and left running for the other tests); virtlockd, which nothing else here uses, goes
 * through every state.
 */
class ServiceModuleTest {

    private final ServiceModule module = new ServiceModule();

    private static String pid(String daemon) {
        return TaskRun.LOCAL.run("cat /run/" + daemon + ".pid").stdout().strip();
    }

    @Test
    void startsLibvirtdAfterVirtlogdWithoutAnInitThenFindsItRunning() {
        assumeFalse(TaskRun.LOCAL.facts().systemdRunning(), "this host's init is systemd");
        ModuleResult first = LocalLibvirtd.ensureRunning();
        assertEquals("direct", first.values().get("manager"));
        assertEquals(LocalLibvirtd.startedHere("libvirtd"), first.changed());
        assertTrue(LocalLibvirtd.running("virtlogd") && LocalLibvirtd.running("libvirtd"));

        TaskRun again = TaskRun.run(module, Map.of("name", "libvirtd", "state", "started"));
        assertFalse(again.changed(), again.summaries().toString());
        assertEquals(Map.of("name", "libvirtd", "manager", "direct", "state", "started"), again.result().values());
    }

    @Test
    void virtlockdStartsReloadsRestartsAndStopsExactlyAsCheckModeSays() {
        assumeFalse(TaskRun.LOCAL.facts().systemdRunning(), "this host's init is systemd");
        assertTrue(Files.exists(Path.of("/usr/sbin/virtlockd")), "virtlockd is not installed: scripts/test installs"
                + " libvirt-daemon-system");
        assumeFalse(LocalLibvirtd.running("virtlockd"), "virtlockd runs already: someone else's");
        try {
            Map<String, Object> started = Map.of("name", "virtlockd", "state", "started");
            TaskRun dry = TaskRun.check(module, started);
            assertEquals(List.of("start virtlockd: /usr/sbin/virtlockd -d"), dry.summaries());
            assertFalse(LocalLibvirtd.running("virtlockd"), "check mode starts nothing");

            TaskRun start = TaskRun.run(module, started);
            assertEquals(dry.summaries(), start.summaries());
            assertTrue(LocalLibvirtd.running("virtlockd"));
            assertTrue(Files.exists(Path.of("/run/libvirt/virtlockd-sock")));
            assertFalse(TaskRun.run(module, started).changed(), "second run");

            String pid = pid("virtlockd");
            TaskRun reload = TaskRun.run(module, Map.of("name", "virtlockd", "state", "reloaded"));
            assertEquals(List.of("reload virtlockd"), reload.summaries());
            assertEquals(pid, pid("virtlockd"), "a reload keeps the process");

            TaskRun restart = TaskRun.run(module, Map.of("name", "virtlockd", "state", "restarted"));
            assertEquals(List.of("restart virtlockd"), restart.summaries());
            assertTrue(LocalLibvirtd.running("virtlockd"));
            assertNotEquals(pid, pid("virtlockd"), "a restart is a new process");

            Map<String, Object> stopped = Map.of("name", "virtlockd", "state", "stopped");
            assertEquals(List.of("stop virtlockd"), TaskRun.check(module, stopped).summaries());
            assertTrue(LocalLibvirtd.running("virtlockd"));
            TaskRun stop = TaskRun.run(module, stopped);
            assertTrue(stop.changed());
            assertFalse(LocalLibvirtd.running("virtlockd"));
            assertFalse(TaskRun.run(module, stopped).changed());
        } finally {
            if (LocalLibvirtd.running("virtlockd")) {
                TaskRun.run(module, Map.of("name", "virtlockd", "state", "stopped"));
            }
        }
    }

    @Test
    void anUnknownDaemonOnAHostWithoutInitIsAClearErrorWithAHint() {
        assumeFalse(TaskRun.LOCAL.facts().systemdRunning(), "this host's init is systemd");
        KvmforgeException e = assertThrows(KvmforgeException.class,
                () -> TaskRun.run(module, Map.of("name", "kvmf-test-nosuchd", "state", "started")));
        assertTrue(e.getMessage().contains("has no running init"), e.getMessage());
        assertTrue(e.getMessage().contains("libvirtd"), "names the daemons it knows: " + e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("command module"), e.getMessage());
        assertFalse(TaskRun.run(module, Map.of("name", "kvmf-test-nosuchd", "state", "stopped")).changed(),
                "a daemon that does not run is stopped");
    }

    @Test
    void enabledWritesAndRemovesSystemdLinksWithoutSystemdRunning() throws Exception {
        assertTrue(TaskRun.LOCAL.run("command -v systemctl").ok(), "no systemctl here: scripts/test installs systemd");
        Path unit = Path.of("/etc/systemd/system/kvmf-test-svc.service");
        Path link = Path.of("/etc/systemd/system/multi-user.target.wants/kvmf-test-svc.service");
        Files.writeString(unit, "[Unit]\nDescription=kvmforge test unit\n[Service]\nExecStart=/bin/true\n"
                + "[Install]\nWantedBy=multi-user.target\n");
        try {
            Map<String, Object> on = Map.of("name", "kvmf-test-svc", "enabled", true);
            TaskRun dry = TaskRun.check(module, on);
            assertEquals(List.of("enable kvmf-test-svc at boot (systemctl)"), dry.summaries());
            assertFalse(Files.exists(link));
            assertTrue(TaskRun.run(module, on).changed());
            assertTrue(Files.isSymbolicLink(link));
            assertFalse(TaskRun.run(module, on).changed());
            TaskRun off = TaskRun.run(module, Map.of("name", "kvmf-test-svc", "enabled", false));
            assertEquals(List.of("disable kvmf-test-svc at boot (systemctl)"), off.summaries());
            assertFalse(Files.exists(link));
        } finally {
            Files.deleteIfExists(link);
            Files.deleteIfExists(unit);
        }
    }

    @Test
    void badInputIsAnErrorNamingTheParameter() {
        KvmforgeException name = assertThrows(KvmforgeException.class,
                () -> TaskRun.run(module, Map.of("name", "ssh; reboot", "state", "started")));
        assertTrue(name.getMessage().contains("'name'"), name.getMessage());
        KvmforgeException state = assertThrows(KvmforgeException.class,
                () -> TaskRun.run(module, Map.of("name", "sshd", "state", "up")));
        assertTrue(state.getMessage().contains("started, stopped, restarted, reloaded"), state.getMessage());
        assertThrows(KvmforgeException.class, () -> TaskRun.run(module, Map.of("name", "sshd")));
    }
}
