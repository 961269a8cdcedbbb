package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** systemd's own parameters on a unit of this machine, made for the test: masked, enabled, daemon_reload. */
class SystemdModuleTest {

    private static final SystemdModule SYSTEMD = new SystemdModule();
    private final String unit = "kvmforge-test-" + ProcessHandle.current().pid() + ".service";
    private final Path file = Path.of("/lib/systemd/system", unit);

    @BeforeEach
    void unitFile() throws Exception {
        Files.writeString(file, "[Unit]\nDescription=kvmforge test\n[Service]\nExecStart=/bin/true\n"
                + "[Install]\nWantedBy=multi-user.target\n");
    }

    @AfterEach
    void removeIt() throws Exception {
        TaskRun.LOCAL.run("systemctl unmask " + unit + "; systemctl disable " + unit + "; true");
        Files.deleteIfExists(file);
    }

    private boolean masked() {
        return TaskRun.LOCAL.run("systemctl is-enabled " + unit).stdout().strip().equals("masked");
    }

    @Test
    void masksAndUnmasksIdempotentlyAndExactlyInCheckMode() {
        TaskRun dry = TaskRun.check(SYSTEMD, Map.of("name", unit, "masked", true));
        assertEquals(List.of("mask " + unit), dry.plan().changes().stream().map(Change::summary).toList());
        assertFalse(masked(), "check mode changes nothing");

        assertTrue(TaskRun.run(SYSTEMD, Map.of("name", unit, "masked", true)).result().changed());
        assertTrue(masked());
        assertFalse(TaskRun.run(SYSTEMD, Map.of("name", unit, "masked", "yes")).result().changed(), "idempotent");

        TaskRun unmask = TaskRun.run(SYSTEMD, Map.of("name", unit, "masked", false, "enabled", true));
        assertTrue(unmask.result().changed());
        assertEquals("enabled", TaskRun.LOCAL.run("systemctl is-enabled " + unit).stdout().strip());
        assertFalse(TaskRun.run(SYSTEMD, Map.of("name", unit, "masked", false, "enabled", true)).result().changed());
    }

    @Test
    void daemonReloadChangesNothingAndSaysWhenThereIsNoSystemd() {
        TaskRun r = TaskRun.run(SYSTEMD, Map.of("daemon_reload", true));
        assertFalse(r.result().changed());
        boolean systemd = TaskRun.LOCAL.facts().systemdRunning();
        assertEquals(!systemd, r.result().values().containsKey("warnings"), r.result().values().toString());
    }

    @Test
    void badArguments() {
        KvmforgeException noName = assertThrows(KvmforgeException.class,
                () -> TaskRun.run(SYSTEMD, Map.of("state", "started")));
        assertTrue(noName.what().contains("'state' needs 'name' too"), noName.what());
        KvmforgeException user = assertThrows(KvmforgeException.class,
                () -> TaskRun.run(SYSTEMD, Map.of("name", unit, "scope", "user", "state", "started")));
        assertTrue(user.what().contains("kvmforge drives system units only"), user.what());
    }
}
