package dev.kvmforge.runner.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ansible.cfg found and read as Ansible does; what kvmforge does not apply is said, not dropped. */
class AnsibleConfigTest {

    @TempDir
    Path dir;

    @Test
    void foundByAnsibleConfigAndReadWithEnvironmentFirst() throws Exception {
        Path cfg = dir.resolve("ansible.cfg");
        Files.writeString(cfg, """
                # a comment
                [defaults]
                roles_path = roles:~/shared-roles:/srv/roles
                forks: 30
                ; another comment
                [ssh_connection]
                pipelining = True
                """);
        Map<String, String> env = Map.of("ANSIBLE_CONFIG", dir.toString(), "HOME", "/home/op");
        AnsibleConfig c = AnsibleConfig.find(env);
        assertEquals(cfg, c.file());
        assertEquals(List.of(dir.resolve("roles"), Path.of("/home/op/shared-roles"), Path.of("/srv/roles")),
                c.rolesPath(env), "relative to the file, ~ expanded");
        assertEquals(List.of(Path.of("/elsewhere")), c.rolesPath(Map.of("ANSIBLE_ROLES_PATH", "/elsewhere",
                "HOME", "/home/op")), "ANSIBLE_ROLES_PATH wins over the file");
        assertEquals("30", c.get("defaults", "forks", Map.of()).orElseThrow());
        String warning = c.ignoredSettings().orElseThrow();
        assertTrue(warning.contains("[defaults] forks, [ssh_connection] pipelining"), warning);
        assertTrue(!warning.contains("[defaults] roles_path"), warning);
    }

    @Test
    void withoutAFileTheDefaultsHoldAndABadLineIsAnError() throws Exception {
        assertEquals(List.of(dir.resolve(".ansible/roles"), Path.of("/usr/share/ansible/roles"),
                Path.of("/etc/ansible/roles")), AnsibleConfig.NONE.rolesPath(Map.of("HOME", dir.toString())),
                "Ansible's default roles_path");
        assertTrue(AnsibleConfig.NONE.ignoredSettings().isEmpty());
        Path bad = dir.resolve("bad.cfg");
        Files.writeString(bad, "roles_path = x\n");
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> AnsibleConfig.read(bad));
        assertTrue(e.what().startsWith(bad + ":1: not a setting"), e.what());
        assertEquals("settings go under a section such as [defaults]", e.hint().orElseThrow());
    }
}
