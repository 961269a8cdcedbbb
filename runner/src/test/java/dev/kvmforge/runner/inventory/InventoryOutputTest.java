package dev.kvmforge.runner.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ansible-inventory views, secrets in printing, and inventories built in code. */
class InventoryOutputTest {

    private static final Inventory INV = Inventory.parse("""
            lone ansible_password=s3cret ansible_user=ops
            [web]
            web1 http_port=80 opts="{'b': 1, 'a': [2]}"
            [web:vars]
            tier=front
            [db]
            [prod:children]
            web
            db
            """, "hosts.ini");

    @Test
    void listMatchesAnsibleInventoryListButMasksSecrets() {
        Map<String, Object> json = INV.toAnsibleJson();
        assertEquals(List.of("_meta", "all", "prod", "ungrouped", "web"), List.copyOf(json.keySet()),
                "sorted keys; the empty group db is left out");
        assertEquals(Map.of("children", List.of("ungrouped", "prod")), json.get("all"));
        assertEquals(Map.of("children", List.of("web", "db")), json.get("prod"));
        assertEquals(Map.of("hosts", List.of("lone")), json.get("ungrouped"));
        assertEquals(Map.of("hosts", List.of("web1")), json.get("web"));
        assertEquals(Map.of("hostvars", Map.of(
                        "lone", Map.of("ansible_password", "********", "ansible_user", "ops"),
                        "web1", Map.of("http_port", 80L, "opts", Map.of("a", List.of(2L), "b", 1L), "tier", "front"))),
                json.get("_meta"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Map<String, Object>>> meta = (Map<String, Map<String, Map<String, Object>>>) json.get("_meta");
        assertEquals(List.of("a", "b"), List.copyOf(((Map<?, ?>) meta.get("hostvars").get("web1").get("opts")).keySet()),
                "nested mappings are sorted too");
    }

    @Test
    void hostViewIsSortedWithSecretsMasked() {
        Inventory inv = Inventory.parse("""
                box zeta=1 ansible_ssh_private_key_passphrase=PhrasePW ansible_become_pass=BecPW alpha=2
                """, "hosts.ini");
        Map<String, Object> vars = inv.toAnsibleJson(inv.host("box").orElseThrow());
        assertEquals(List.of("alpha", "ansible_become_pass", "ansible_ssh_private_key_passphrase", "zeta"),
                List.copyOf(vars.keySet()));
        assertEquals("********", vars.get("ansible_become_pass"));
        assertEquals("********", vars.get("ansible_ssh_private_key_passphrase"));
        assertEquals(1L, vars.get("zeta"));
    }

    @Test
    void graphMatchesAnsibleInventoryGraph() {
        assertEquals("""
                @all:
                  |--@ungrouped:
                  |  |--lone
                  |--@prod:
                  |  |--@web:
                  |  |  |--web1
                  |  |--@db:""", INV.graph());
    }

    @Test
    void graphOfAGroupWithVarsMasksSecrets() {
        assertEquals("""
                @all:
                  |--@ungrouped:
                  |  |--lone
                  |  |  |--{ansible_password = ********}
                  |  |  |--{ansible_user = ops}
                  |--@prod:
                  |  |--@web:
                  |  |  |--web1
                  |  |  |  |--{http_port = 80}
                  |  |  |  |--{opts = {'b': 1, 'a': [2]}}
                  |  |  |  |--{tier = front}
                  |  |  |--{tier = front}
                  |  |--@db:""", INV.graph("all", true));
        assertEquals("@web:\n  |--web1", INV.graph("web", false));
    }

    @Test
    void graphOfAnUnknownGroupIsAnOptionsError() {
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> INV.graph("webb", false));
        assertEquals(ErrorKind.OPTIONS, e.kind());
        assertEquals("did you mean web?", e.hint().orElseThrow());
    }

    @Test
    void toStringNeverShowsPasswords() {
        InventoryHost lone = INV.host("lone").orElseThrow();
        assertFalse(lone.toString().contains("s3cret"), lone.toString());
        assertTrue(lone.toString().contains("ansible_password=********"), lone.toString());
        assertTrue(lone.toString().contains("ansible_user=ops"));
        Inventory withGroupSecret = Inventory.builder()
                .withGroup("web", Map.of("ansible_become_pass", "hunter2")).withHost("w", "web").build();
        assertFalse(withGroupSecret.groups().get("web").toString().contains("hunter2"));
        assertFalse(withGroupSecret.host("w").orElseThrow().toString().contains("hunter2"));
        assertFalse(withGroupSecret.toString().contains("hunter2"));
        assertEquals("s3cret", lone.vars().get("ansible_password"), "the value itself is intact");
    }

    @Test
    void secretNames() {
        for (String n : List.of("ansible_password", "ansible_become_password", "ansible_ssh_pass", "ansible_become_pass",
                "db_passwd", "password", "ansible_ssh_private_key_passphrase", "ANSIBLE_SSH_PASS")) {
            assertTrue(InventoryHost.isSecret(n), n);
        }
        for (String n : List.of("ansible_user", "passage", "ansible_ssh_private_key_file", "compass_dir")) {
            assertFalse(InventoryHost.isSecret(n), n);
        }
    }

    @Test
    void builderMergesLikeAFileInventory() {
        Inventory inv = Inventory.builder()
                .withGroup("all", Map.of("level", "all", "ntp", "pool"))
                .withGroup("web", Map.of("level", "web"))
                .withChildren("prod", "web")
                .withGroup("prod", Map.of("level", "prod"))
                .withHost("web1", Map.of("ansible_host", "10.0.0.5"), "web")
                .withHost("bare")
                .build();
        InventoryHost web1 = inv.host("web1").orElseThrow();
        assertEquals(Map.of("level", "web", "ntp", "pool", "ansible_host", "10.0.0.5"), web1.vars());
        assertEquals(List.of("prod", "web"), web1.groups());
        assertEquals(List.of("ungrouped"), inv.host("bare").orElseThrow().groups());
        assertEquals(List.of("web1", "bare"), inv.select("all").stream().map(InventoryHost::name).toList());

        KvmforgeException cycle = assertThrows(KvmforgeException.class,
                () -> Inventory.builder().withChildren("a", "b").withChildren("b", "a"));
        assertEquals("making 'a' a child of 'b' creates a cycle: b > a > b", cycle.what());
    }

    @Test
    void ofListsHostsWithTheirGroups() {
        Inventory inv = Inventory.of(List.of(
                new InventoryHost("h1", Map.of("ansible_port", 2222), List.of("kvm", "all")),
                new InventoryHost("h2", Map.of(), List.of())));
        assertEquals(List.of("kvm"), inv.host("h1").orElseThrow().groups());
        assertEquals(2222, inv.host("h1").orElseThrow().vars().get("ansible_port"));
        assertEquals(List.of("h1"), inv.groups().get("kvm").hosts());
        assertEquals(List.of("h2"), inv.groups().get("ungrouped").hosts());
    }

    @Test
    void localhostInventory() {
        Inventory inv = Inventory.localhost();
        assertEquals(List.of("localhost"), inv.hosts().stream().map(InventoryHost::name).toList());
        assertEquals(Map.of("ansible_connection", "local"), inv.host("localhost").orElseThrow().vars());
        assertEquals(List.of("ungrouped"), inv.host("localhost").orElseThrow().groups());
        assertEquals(List.of("localhost"), inv.groups().get("all").hosts());
        assertEquals("@all:\n  |--@ungrouped:\n  |  |--localhost", inv.graph());
    }
}
