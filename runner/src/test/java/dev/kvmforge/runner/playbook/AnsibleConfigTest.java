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
        assertTrue(warning.contains("these settings: [ssh_connection] pipelining ("), warning);
        assertTrue(!warning.contains("[defaults] forks"), warning);
        assertTrue(!warning.contains("[defaults] roles_path"), warning);
    }

    @Test
    void theRunSettingsAreReadTypedWithTheirAnsibleVariablesFirst() throws Exception {
        Path cfg = dir.resolve("ansible.cfg");
        Files.writeString(cfg, """
                [defaults]
                inventory = inventory/hosts.ini
                forks = 25
                remote_user = ops
                private_key_file = ~/.ssh/fleet
                host_key_checking = False
                timeout = 42
                gathering = smart
                [privilege_escalation]
                become = yes
                become_user = admin
                become_method = sudo
                become_ask_pass = false
                """);
        Map<String, String> env = Map.of("HOME", "/home/op");
        AnsibleConfig c = AnsibleConfig.read(cfg);
        assertEquals(List.of(dir.resolve("inventory/hosts.ini").toString(), 25, "ops", Path.of("/home/op/.ssh/fleet"),
                false, 42, "smart", true, "admin", false), List.of(c.inventory(env).orElseThrow(),
                c.forks(env).orElseThrow(), c.remoteUser(env).orElseThrow(), c.privateKeyFile(env).orElseThrow(),
                c.hostKeyChecking(env).orElseThrow(), c.timeout(env).orElseThrow(), c.gathering(env),
                c.become(env).orElseThrow(), c.becomeUser(env).orElseThrow(), c.becomeAskPass(env).orElseThrow()));
        c.requireSudo(env);
        assertTrue(c.ignoredSettings().isEmpty(), "every setting here is applied");

        Map<String, String> vars = Map.of("HOME", "/home/op", "ANSIBLE_INVENTORY", "web1,web2,",
                "ANSIBLE_FORKS", "3", "ANSIBLE_REMOTE_USER", "deploy", "ANSIBLE_HOST_KEY_CHECKING", "true",
                "ANSIBLE_TIMEOUT", "7", "ANSIBLE_GATHERING", "explicit", "ANSIBLE_BECOME", "no",
                "ANSIBLE_BECOME_USER", "root");
        assertEquals(List.of("web1,web2,", 3, "deploy", true, 7, "explicit", false, "root"), List.of(
                c.inventory(vars).orElseThrow(), c.forks(vars).orElseThrow(), c.remoteUser(vars).orElseThrow(),
                c.hostKeyChecking(vars).orElseThrow(), c.timeout(vars).orElseThrow(), c.gathering(vars),
                c.become(vars).orElseThrow(), c.becomeUser(vars).orElseThrow()), "ANSIBLE_* wins over the file");
        assertEquals("implicit", AnsibleConfig.NONE.gathering(Map.of()));
        assertTrue(AnsibleConfig.NONE.forks(Map.of()).isEmpty());
    }

    @Test
    void aBadRunSettingIsAnErrorNamingWhereItCameFrom() throws Exception {
        Path cfg = dir.resolve("ansible.cfg");
        Files.writeString(cfg, "[defaults]\nforks = many\ngathering = sometimes\nhost_key_checking = maybe\n"
                + "[privilege_escalation]\nbecome_method = su\n");
        AnsibleConfig c = AnsibleConfig.read(cfg);
        Map<String, String> env = Map.of();
        assertEquals(cfg + " (forks): 'many' is not a positive whole number",
                assertThrows(KvmforgeException.class, () -> c.forks(env)).what());
        assertTrue(assertThrows(KvmforgeException.class, () -> c.gathering(env)).what()
                .endsWith("'sometimes' is not implicit, explicit or smart"));
        assertTrue(assertThrows(KvmforgeException.class, () -> c.hostKeyChecking(env)).what()
                .endsWith("'maybe' is not a boolean"));
        KvmforgeException su = assertThrows(KvmforgeException.class, () -> c.requireSudo(env));
        assertEquals(cfg + " (become_method): become method 'su' is not supported", su.what());
        assertEquals("ANSIBLE_FORKS: '0' is not a positive whole number", assertThrows(KvmforgeException.class,
                () -> c.forks(Map.of("ANSIBLE_FORKS", "0"))).what());
    }

    @Test
    void gatheringDecidesForPlaysThatDoNotSay() {
        assertEquals(List.of(FactGathering.YES, FactGathering.NO, FactGathering.YES),
                List.of(FactGathering.of(null, "implicit"), FactGathering.of(false, "implicit"),
                        FactGathering.of(true, "implicit")));
        assertEquals(List.of(FactGathering.NO, FactGathering.YES), List.of(FactGathering.of(null, "explicit"),
                FactGathering.of(true, "explicit")));
        assertEquals(List.of(FactGathering.UNLESS_GATHERED, FactGathering.UNLESS_GATHERED, FactGathering.NO),
                List.of(FactGathering.of(null, "smart"), FactGathering.of(true, "smart"),
                        FactGathering.of(false, "smart")));
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
