package dev.kvmforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvmforge.runner.yaml.Yaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    void secretsAreMaskedInEveryView() throws Exception {
        Path p = dir.resolve("sec.ini");
        Files.writeString(p, """
                [kvm]
                box ansible_password=S3cretPW ansible_become_password=BecPW123 ansible_ssh_pass=SshPW99
                [kvm:vars]
                ansible_ssh_private_key_passphrase=PhrasePW
                """);
        for (String[] view : List.of(new String[] {"--list"}, new String[] {"--host", "box"},
                new String[] {"--graph", "--vars"})) {
            List<String> args = new ArrayList<>(List.of("inventory", "-i", p.toString()));
            args.addAll(List.of(view));
            Cli r = Cli.run(args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r.toString());
            for (String secret : List.of("S3cretPW", "BecPW123", "SshPW99", "PhrasePW")) {
                assertFalse(r.out().contains(secret), secret + " in " + r);
            }
            assertTrue(r.out().contains("ansible_become_password"), r.toString());
            assertTrue(r.out().contains("********"), r.toString());
        }
        Cli host = Cli.run("inventory", "-i", p.toString(), "--host", "box");
        assertEquals("********", Yaml.binder().readTree(host.out()).get("ansible_password").asText());
    }

    @Test
    void graphEndsWithANewlineAndStartsAtAGivenGroup() {
        Cli all = Cli.run("inventory", "-i", inventory, "--graph");
        assertEquals("@all:\n  |--@ungrouped:\n  |--@kvm:\n  |  |--kvm1\n", all.out(), all.toString());
        Cli kvm = Cli.run("inventory", "-i", inventory, "--graph", "kvm");
        assertEquals(0, kvm.exitCode(), kvm.toString());
        assertEquals("@kvm:\n  |--kvm1\n", kvm.out(), kvm.toString());
        Cli withVars = Cli.run("inventory", "-i", inventory, "--graph", "--vars", "all");
        assertEquals(0, withVars.exitCode(), withVars.toString());
        assertTrue(withVars.out().contains("  |  |  |--{ansible_host = 192.0.2.10}\n"), withVars.toString());
        assertTrue(withVars.out().endsWith("  |--{disk_size = 20G}\n"), withVars.toString());
    }

    @Test
    void graphOfAnUnknownGroupAndAGroupWithoutGraphAreOptionErrors() {
        Cli typo = Cli.run("inventory", "-i", inventory, "--graph", "kmv");
        assertEquals(5, typo.exitCode(), typo.toString());
        assertTrue(typo.err().contains("no group named 'kmv'") && typo.err().contains("did you mean kvm?"),
                typo.toString());
        Cli list = Cli.run("inventory", "-i", inventory, "--list", "kvm");
        assertEquals(5, list.exitCode(), list.toString());
        assertTrue(list.err().contains("GROUP 'kvm' goes with --graph only"), list.toString());
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
