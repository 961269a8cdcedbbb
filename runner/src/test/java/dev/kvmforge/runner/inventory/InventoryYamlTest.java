package dev.kvmforge.runner.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryYamlTest {

    private static final String SAMPLE = """
            all:
              vars:
                ntp: pool.ntp.org
                level: all
              hosts:
                bastion:
                  ansible_host: 1.2.3.4
                  ansible_port: 2022
              children:
                web:
                  hosts:
                    web[1:2].lab:
                      http_port: 80
                    web3.lab:2222:
                  vars:
                    tier: front
                    level: web
                db:
                  hosts: db1.lab
                  vars:
                    level: db
                  children:
                    replicas:
                      hosts:
                        db2.lab:
                          level: host
                      vars:
                        level: replicas
                        settings: {pool: 5, ssl: true}
            """;

    static Inventory yaml(String text) {
        return Inventory.parse(text, "inventory.yml");
    }

    private static KvmforgeException error(String text) {
        return assertThrows(KvmforgeException.class, () -> yaml(text));
    }

    @Test
    void readsNestedGroupsHostsAndRanges() {
        Inventory inv = yaml(SAMPLE);
        assertEquals(List.of("bastion", "web1.lab", "web2.lab", "web3.lab", "db1.lab", "db2.lab"),
                inv.hosts().stream().map(InventoryHost::name).toList());
        assertEquals(List.of("ungrouped", "web", "db"), inv.groups().get("all").children(),
                "ungrouped first, as ansible-inventory --list prints it");
        assertEquals(List.of("bastion"), inv.groups().get("ungrouped").hosts());
        assertEquals(List.of("replicas"), inv.groups().get("db").children());
        assertEquals(List.of("db", "replicas"), inv.host("db2.lab").orElseThrow().groups());
        assertEquals(List.of("ungrouped"), inv.host("bastion").orElseThrow().groups());
    }

    @Test
    void keepsYamlTypesAndMergesByDepth() {
        Inventory inv = yaml(SAMPLE);
        Map<String, Object> web1 = inv.host("web1.lab").orElseThrow().vars();
        assertEquals(80L, web1.get("http_port"));
        assertEquals("front", web1.get("tier"));
        assertEquals("pool.ntp.org", web1.get("ntp"));
        assertEquals("web", web1.get("level"));
        assertEquals(2222L, inv.host("web3.lab").orElseThrow().vars().get("ansible_port"));
        assertEquals(2022L, inv.host("bastion").orElseThrow().vars().get("ansible_port"));
        assertEquals("db", inv.host("db1.lab").orElseThrow().vars().get("level"));
        Map<String, Object> db2 = inv.host("db2.lab").orElseThrow().vars();
        assertEquals("host", db2.get("level"));
        assertEquals(Map.of("pool", 5L, "ssl", true), db2.get("settings"));
    }

    @Test
    void acceptsTopLevelGroupsOtherThanAllAndEmptyGroups() {
        Inventory inv = yaml("""
                web:
                  hosts:
                    w1:
                empty:
                """);
        assertEquals(List.of("w1"), inv.groups().get("web").hosts());
        assertEquals(List.of("ungrouped", "web", "empty"), inv.groups().get("all").children());
        assertEquals(List.of(), inv.groups().get("empty").hosts());
    }

    @Test
    void unknownKeyIsLocatedWithSuggestion() {
        KvmforgeException e = error("""
                all:
                  children:
                    web:
                      host:
                        web1:
                """);
        assertEquals(ErrorKind.PARSE, e.kind());
        assertEquals("inventory.yml:4:7", e.where().orElseThrow());
        assertEquals("unexpected key 'host' in group 'web'", e.what());
        assertTrue(e.hint().orElseThrow().startsWith("did you mean hosts?"), e.hint().orElseThrow());
    }

    @Test
    void hostsWrittenAsAListAreLocated() {
        KvmforgeException e = error("""
                all:
                  hosts:
                    - web1
                """);
        assertEquals("inventory.yml:3:5", e.where().orElseThrow());
        assertEquals("'hosts' of group 'all' must be a mapping, found a list", e.what());
    }

    @Test
    void hostVarsThatAreNotAMappingAreLocated() {
        KvmforgeException e = error("""
                all:
                  hosts:
                    web1: 22
                """);
        assertEquals("inventory.yml:3:11", e.where().orElseThrow());
        assertEquals("variables of host 'web1' must be a mapping, found a number", e.what());
    }

    @Test
    void badRangeInAHostKeyIsLocatedAtTheBracket() {
        KvmforgeException e = error("""
                all:
                  hosts:
                    web[a:3]:
                """);
        assertEquals("inventory.yml:3:8", e.where().orElseThrow());
    }

    @Test
    void cycleInChildrenNamesFileAndLine() {
        KvmforgeException e = error("""
                all:
                  children:
                    a:
                      children:
                        b:
                          children:
                            a:
                """);
        assertEquals("inventory.yml:5:9", e.where().orElseThrow());
        assertEquals("making 'b' a child of 'a' creates a cycle: a > b > a", e.what());
    }

    @Test
    void sectionsAtTheTopLevelAreRefusedWithAHint() {
        KvmforgeException e = error("hosts:\n  web1:\n");
        assertEquals("inventory.yml:1:1", e.where().orElseThrow());
        assertTrue(e.hint().orElseThrow().contains("under 'all:'"));
    }

    @Test
    void duplicateKeysAreRefused() {
        KvmforgeException e = error("""
                all:
                  hosts:
                    web1:
                    web1:
                """);
        assertTrue(e.what().contains("duplicate key 'web1'"), e.what());
        assertTrue(e.where().orElseThrow().startsWith("inventory.yml:4:"), e.where().orElseThrow());
    }

    @Test
    void notAMappingAtAllIsRefused() {
        KvmforgeException e = error("- web1\n- web2\n");
        assertEquals("inventory.yml:1:1", e.where().orElseThrow());
        assertEquals("a YAML inventory is a mapping of groups, found a list", e.what());
    }
}
