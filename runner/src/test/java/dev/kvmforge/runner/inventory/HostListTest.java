package dev.kvmforge.runner.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -i web1,web2,}: an inline list of hosts, as ansible-playbook's host_list reads it. */
class HostListTest {

    @TempDir
    Path dir;

    @Test
    void aCommaListIsHostsAndAPathStaysAFile() throws Exception {
        Inventory inline = Inventory.fromOption("web1,127.0.0.5:2222, [::1]:22,");
        assertEquals(List.of("web1", "127.0.0.5", "::1"), inline.hosts().stream().map(InventoryHost::name).toList());
        assertEquals(2222, inline.host("127.0.0.5").orElseThrow().vars().get("ansible_port"));
        assertEquals(Map.of(), inline.host("web1").orElseThrow().vars());

        Path file = Files.writeString(dir.resolve("a,b.ini"), "db1\n");
        assertEquals(List.of("db1"), Inventory.fromOption(file.toString()).hosts().stream()
                .map(InventoryHost::name).toList(), "an existing file whose name has a comma is a file");
    }
}
