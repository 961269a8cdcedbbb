package dev.kvmforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvmforge.runner.yaml.Yaml;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kvmforge inventory --list | --graph | --host}. */
class InventoryCommandTest {

    @TempDir
    Path dir;

    private String inventory;

    @BeforeEach
    void writeInventory() throws Exception {
        Path p = dir.resolve("hosts.yml");
        Files.writeString(p, """
                all:
                  vars:
                    disk_size: 20G
                  children:
                    kvm:
                      hosts:
                        kvm1: {ansible_host: 192.0.2.10}
                """);
        inventory = p.toString();
    }

    @Test
    void listPrintsAnsibleJson() throws Exception {
        Cli r = Cli.run("inventory", "-i", inventory, "--list");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode json = Yaml.binder().readTree(r.out());
        assertEquals("192.0.2.10", json.get("_meta").get("hostvars").get("kvm1").get("ansible_host").asText());
        assertEquals("kvm1", json.get("kvm").get("hosts").get(0).asText());
    }

    @Test
    void graphAndHost() throws Exception {
        Cli graph = Cli.run("inventory", "-i", inventory, "--graph");
        assertEquals(0, graph.exitCode(), graph.toString());
        assertTrue(graph.out().startsWith("@all:\n"), graph.toString());
        assertTrue(graph.out().contains("kvm1"), graph.toString());
        Cli host = Cli.run("inventory", "-i", inventory, "--host", "kvm1");
        assertEquals(0, host.exitCode(), host.toString());
        assertEquals("20G", Yaml.binder().readTree(host.out()).get("disk_size").asText());
    }

    @Test
    void unknownHostAndMissingActionAreOptionErrors() {
        Cli r = Cli.run("inventory", "-i", inventory, "--host", "kvm2");
        assertEquals(5, r.exitCode(), r.toString());
        assertTrue(r.err().contains("did you mean kvm1?"), r.toString());
        assertEquals(5, Cli.run("inventory", "-i", inventory).exitCode());
        assertEquals(5, Cli.run("inventory", "-i", inventory, "--list", "--graph").exitCode());
    }
}
