package dev.kvmforge.cli;

import dev.kvmforge.runner.connection.Controller;
import dev.kvmforge.runner.inventory.HostSlice;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.playbook.AnsibleConfig;
import picocli.CommandLine.Option;

/** {@code -i} and {@code -l}, written once for {@code run} and {@code verify} (a picocli {@code @Mixin}). */
final class InventoryOptions {

    @Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY",
            description = "Inventory file or directory (INI or YAML), or a list of hosts (web1,web2:2222,)."
                    + " Default: ansible.cfg's inventory, else the local host only.")
    String inventory;

    @Option(names = {"-l", "--limit"}, paramLabel = "LIMIT",
            description = "Only the hosts matching this pattern (Ansible's host patterns: web*, all:!db, ...).")
    String limit;

    @Option(names = "--slice", paramLabel = "I/N",
            description = "Only slice I of N of the hosts, for N runs side by side (a CI matrix, a Kubernetes Indexed"
                    + " Job): a host's slice depends on its name only.")
    String slice;

    /** The slice given, or null. */
    HostSlice slice() {
        return slice == null ? null : HostSlice.parse(slice);
    }

    /** The inventory named, else ansible.cfg's {@code inventory} ({@code ANSIBLE_INVENTORY}), else the local host. */
    Inventory load(AnsibleConfig config, Controller controller) {
        String source = inventory != null ? inventory : config.inventory(controller.environment()).orElse(null);
        return source == null ? Inventory.localhost() : Inventory.fromOption(source, controller.workingDirectory());
    }
}
