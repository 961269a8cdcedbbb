package dev.kvmforge.cli;

import dev.kvmforge.runner.inventory.Inventory;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code -i} and {@code -l}, written once for {@code run} and {@code verify} (a picocli {@code @Mixin}). */
final class InventoryOptions {

    @Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY",
            description = "Inventory file or directory (INI or YAML). Default: the local host only.")
    Path inventory;

    @Option(names = {"-l", "--limit"}, paramLabel = "LIMIT",
            description = "Only the hosts matching this pattern (Ansible's host patterns: web*, all:!db, ...).")
    String limit;

    /** The inventory named, or the local host alone. */
    Inventory load() {
        return inventory == null ? Inventory.localhost() : Inventory.load(inventory);
    }
}
