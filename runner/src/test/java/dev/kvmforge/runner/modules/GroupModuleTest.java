package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.KvmforgeException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code group} against the real local host's /etc/group, with throwaway groups removed after each test. */
class GroupModuleTest {

    private final GroupModule module = new GroupModule();
    String name;
    String user;

    @BeforeEach
    void names() {
        String id = UUID.randomUUID().toString().substring(0, 6);
        name = "kvmf-g-" + id;
        user = "kvmf-gu-" + id;
    }

    @AfterEach
    void cleanUp() {
        TaskRun.LOCAL.run("userdel " + Shell.quote(user) + " 2>/dev/null; groupdel " + Shell.quote(name)
                + " 2>/dev/null; true");
    }

    private String getent() {
        return TaskRun.LOCAL.run("getent group " + Shell.quote(name)).stdout().strip();
    }

    private long freeGid() {
        return Long.parseLong(TaskRun.LOCAL.check("g=62000; while getent group $g >/dev/null; do g=$((g+1)); done;"
                + " echo $g").strip());
    }

    @Test
    void createsChangesTheGidAndRemovesAGroupAndEachSecondRunIsOk() {
        TaskRun check = TaskRun.check(module, Map.of("name", name, "system", true));
        assertTrue(check.changed());
        assertEquals("create group " + name + " as a system group", check.summaries().get(0));
        assertEquals("", getent(), "check mode creates nothing");

        TaskRun made = TaskRun.run(module, Map.of("name", name, "system", true));
        assertTrue(made.changed());
        long gid = Long.parseLong(getent().split(":")[2]);
        assertTrue(gid < 1000, "a system group: " + getent());
        assertEquals(gid, made.result().values().get("gid"));
        assertFalse(TaskRun.run(module, Map.of("name", name)).changed());

        long other = freeGid();
        TaskRun moved = TaskRun.run(module, Map.of("name", name, "gid", other));
        assertEquals(List.of("gid of group " + name + ": " + gid + " -> " + other), moved.summaries());
        assertEquals(name + ":x:" + other + ":", getent());
        assertFalse(TaskRun.run(module, Map.of("name", name, "gid", other)).changed());

        assertTrue(TaskRun.run(module, Map.of("name", name, "state", "absent")).changed());
        assertEquals("", getent());
        assertFalse(TaskRun.run(module, Map.of("name", name, "state", "absent")).changed());
    }

    @Test
    void aTakenGidAndAUsersPrimaryGroupFailWithAHintAndTheGroupStays() {
        TaskRun.run(module, Map.of("name", name));
        KvmforgeException taken = assertThrows(KvmforgeException.class, () -> TaskRun.run(module,
                Map.of("name", name, "gid", 0)));
        assertTrue(taken.getMessage().contains("groupmod failed (exit 4)"), taken.getMessage());
        assertTrue(taken.getMessage().contains("non_unique: true"), taken.getMessage());
        TaskRun.LOCAL.check("useradd -M -g " + Shell.quote(name) + " " + Shell.quote(user));
        KvmforgeException primary = assertThrows(KvmforgeException.class, () -> TaskRun.run(module,
                Map.of("name", name, "state", "absent")));
        assertTrue(primary.getMessage().contains("groupdel failed (exit 8)"), primary.getMessage());
        assertTrue(primary.getMessage().contains("primary group"), primary.getMessage());
        assertFalse(getent().isEmpty(), "the group is still there");
        KvmforgeException bad = assertThrows(KvmforgeException.class, () -> TaskRun.run(module,
                Map.of("name", name, "non_unique", true)));
        assertTrue(bad.getMessage().contains("gid"), bad.getMessage());
    }
}
