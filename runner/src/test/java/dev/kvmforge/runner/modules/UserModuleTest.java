package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.KvmforgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code user} against the real local host, with a throwaway user and groups, removed after each test. */
class UserModuleTest {

    static final UserModule USER = new UserModule();
    /** "secret", crypted with SHA-512. */
    static final String HASH = "$6$kvmforge$Zb.0a1P2Jpyq5mzD4WJ6cPMHp1jOFcDXmFeABLNCuSVzn1Cc3l8n1oI6VpGgzKaMw8xtD3UF1BUxDpnyZn66F/";

    String name;
    String groupA;
    String groupB;

    @BeforeEach
    void throwaway() {
        String id = UUID.randomUUID().toString().substring(0, 6);
        name = "kvmf-t-" + id;
        groupA = "kvmf-ga-" + id;
        groupB = "kvmf-gb-" + id;
        sh("groupadd " + Shell.quote(groupA) + " && groupadd " + Shell.quote(groupB));
    }

    @AfterEach
    void cleanUp() {
        TaskRun.LOCAL.run("userdel -r " + Shell.quote(name) + " 2>/dev/null; groupdel " + Shell.quote(groupA)
                + " 2>/dev/null; groupdel " + Shell.quote(groupB) + " 2>/dev/null; true");
    }

    static String sh(String command) {
        return TaskRun.LOCAL.check(command).strip();
    }

    Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("name", name);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    boolean exists() {
        return TaskRun.LOCAL.run("getent passwd " + Shell.quote(name)).ok();
    }

    @Test
    void createInCheckModeThenForRealThenOk() {
        Map<String, Object> a = args("groups", List.of(groupA), "append", true, "shell", "/bin/bash",
                "comment", "Test Operator", "uid", 48211);
        TaskRun check = TaskRun.check(USER, a);
        assertEquals(List.of("create user " + name + " (uid 48211, groups " + groupA + ", shell /bin/bash)"),
                check.summaries());
        assertFalse(exists());
        TaskRun first = TaskRun.run(USER, a);
        assertTrue(first.changed());
        assertEquals(name + ":x:48211", sh("getent passwd " + name).substring(0, name.length() + 8));
        assertTrue(sh("getent passwd " + name).endsWith(":Test Operator:/home/" + name + ":/bin/bash"));
        assertTrue(List.of(sh("id -nG " + name).split(" ")).contains(groupA));
        assertTrue(Files.isDirectory(Path.of("/home/" + name)));
        assertEquals(48211L, first.result().values().get("uid"));
        TaskRun second = TaskRun.run(USER, a);
        assertFalse(second.changed());
        assertTrue(second.plan().isEmpty());
    }

    @Test
    void thePrimaryGroupIsSetOnCreateAndChangedAfterAndASecondRunIsOk() {
        TaskRun made = TaskRun.run(USER, args("group", groupA, "create_home", false));
        assertTrue(made.summaries().get(0).contains("group " + groupA), made.summaries().toString());
        assertEquals(groupA, sh("id -gn " + Shell.quote(name)));
        assertFalse(TaskRun.run(USER, args("group", groupA)).changed());
        TaskRun moved = TaskRun.run(USER, args("group", groupB));
        assertEquals(List.of("primary group of " + name + ": " + groupA + " -> " + groupB), moved.summaries());
        assertEquals(groupB, sh("id -gn " + Shell.quote(name)));
        assertFalse(TaskRun.run(USER, args("group", groupB)).changed());
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(USER,
                args("group", "kvmf-no-such-group")));
        assertTrue(e.getMessage().contains("group(s) kvmf-no-such-group do not exist"), e.getMessage());
    }

    @Test
    void forceRemovesAUserThatStillRunsAProcess() throws Exception {
        TaskRun.run(USER, args("create_home", false));
        String uid = sh("id -u " + Shell.quote(name));
        Process p = new ProcessBuilder("runuser", "-u", name, "--", "sleep", "30").start();
        try {
            Thread.sleep(300);
            KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(USER,
                    args("state", "absent")));
            assertTrue(e.getMessage().contains("userdel failed"), e.getMessage());
            assertTrue(exists(), "without force the user stays");
            TaskRun forced = TaskRun.run(USER, args("state", "absent", "force", true));
            assertEquals(List.of("remove user " + name + " (forced)"), forced.summaries());
            assertFalse(exists());
        } finally {
            p.destroyForcibly().waitFor();
            TaskRun.LOCAL.run("pkill -KILL -U " + uid + "; true"); // the sleep outlives runuser
        }
    }

    @Test
    void appendingGroupsIsIdempotentAndKeepsOthers() {
        TaskRun.run(USER, args("groups", groupA));
        Map<String, Object> add = args("groups", groupB, "append", true);
        TaskRun check = TaskRun.check(USER, add);
        assertEquals(List.of("add " + name + " to groups " + groupB), check.summaries());
        assertFalse(sh("id -nG " + name).contains(groupB));
        assertTrue(TaskRun.run(USER, add).changed());
        List<String> groups = List.of(sh("id -nG " + name).split(" "));
        assertTrue(groups.contains(groupA) && groups.contains(groupB), groups.toString());
        assertFalse(TaskRun.run(USER, add).changed());
        assertFalse(TaskRun.run(USER, args("groups", groupA + "," + groupB, "append", true)).changed());
    }

    @Test
    void groupsWithoutAppendAreSetExactly() {
        TaskRun.run(USER, args("groups", List.of(groupA, groupB)));
        Map<String, Object> only = args("groups", List.of(groupB));
        assertEquals(List.of("groups of " + name + ": " + groupA + ", " + groupB + " -> " + groupB),
                TaskRun.check(USER, only).summaries());
        assertTrue(TaskRun.run(USER, only).changed());
        assertFalse(sh("id -nG " + name).contains(groupA));
        assertFalse(TaskRun.run(USER, only).changed());
    }

    @Test
    void passwordHashIsSetButNeverShown() {
        TaskRun.run(USER, args());
        Map<String, Object> a = args("password", HASH);
        TaskRun r = TaskRun.run(USER, a);
        assertEquals(List.of("change password of " + name), r.summaries());
        assertEquals(HASH, sh("getent shadow " + name + " | cut -d: -f2"));
        assertFalse(r.result().toString().contains(HASH));
        assertFalse(r.plan().toString().contains(HASH));
        assertFalse(TaskRun.run(USER, a).changed());
        assertFalse(Parameters.bind(USER, a).toString().contains(HASH));
    }

    @Test
    void absentWithRemoveDeletesTheHome() {
        TaskRun.run(USER, args());
        assertTrue(Files.isDirectory(Path.of("/home/" + name)));
        Map<String, Object> gone = args("state", "absent", "remove", true);
        assertEquals(List.of("remove user " + name + " and its home /home/" + name), TaskRun.check(USER, gone).summaries());
        assertTrue(exists());
        assertTrue(TaskRun.run(USER, gone).changed());
        assertFalse(exists());
        assertFalse(Files.exists(Path.of("/home/" + name)));
        assertFalse(TaskRun.run(USER, gone).changed());
    }

    @Test
    void errors() {
        KvmforgeException missingGroup = assertThrows(KvmforgeException.class,
                () -> TaskRun.run(USER, args("groups", "kvmf-no-such-group")));
        assertTrue(missingGroup.what().contains("kvmf-no-such-group"), missingGroup.what());
        assertFalse(exists());
        assertTrue(assertThrows(KvmforgeException.class, () -> TaskRun.run(USER, Map.of("state", "present")))
                .what().contains("'name' is required"));
        assertTrue(assertThrows(KvmforgeException.class, () -> TaskRun.run(USER, args("password", "secret")))
                .what().contains("crypted hash"));
        KvmforgeException choice = assertThrows(KvmforgeException.class, () -> TaskRun.run(USER, args("state", "gone")));
        assertTrue(choice.what().endsWith("state 'gone' is not a valid choice"), choice.what());
        assertEquals("choose one of present, absent", choice.hint().orElseThrow());
        assertTrue(assertThrows(KvmforgeException.class, () -> TaskRun.run(USER, args("uid", "abc")))
                .what().contains("whole number"));
    }
}
