package dev.kvmforge.runner.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The hosts and groups a run can target. */
public final class Inventory {

    /** The name of the implicit local host used when no inventory is given. */
    public static final String LOCALHOST = "localhost";

    private final Map<String, InventoryHost> hosts;
    private final Map<String, Group> groups;

    Inventory(Map<String, InventoryHost> hosts, Map<String, Group> groups) {
        this.hosts = hosts;
        this.groups = groups;
    }

    /** No inventory: the local host, reached without SSH. */
    public static Inventory localhost() {
        InventoryHost local = new InventoryHost(LOCALHOST, Map.of("ansible_connection", "local"), List.of());
        return new Inventory(Map.of(LOCALHOST, local), Map.of("all", new Group("all", List.of(LOCALHOST), List.of(), Map.of()),
                "ungrouped", new Group("ungrouped", List.of(LOCALHOST), List.of(), Map.of())));
    }

    /** All hosts, in the order the inventory lists them. */
    public List<InventoryHost> hosts() {
        return List.copyOf(hosts.values());
    }

    public Optional<InventoryHost> host(String name) {
        return Optional.ofNullable(hosts.get(name));
    }

    /** All groups by name, {@code all} and {@code ungrouped} included. */
    public Map<String, Group> groups() {
        return groups;
    }

    /** The hosts that {@code pattern} selects, in inventory order (see {@link HostPattern}). */
    public List<InventoryHost> select(String pattern) {
        return HostPattern.parse(pattern).select(this);
    }

    // ---- STUB: the inventory branch brings the real ones; the CLI calls exactly these three ----

    /** Reads an inventory file (INI or YAML). Stub: see {@code InventoryFileStub}. */
    public static Inventory load(Path path) {
        return InventoryFileStub.load(path);
    }

    /** The inventory as {@code ansible-inventory --list} prints it. Stub: see {@code InventoryFileStub}. */
    public String toAnsibleJson() {
        return InventoryFileStub.toAnsibleJson(this);
    }

    /** The group tree as {@code ansible-inventory --graph} prints it. Stub: see {@code InventoryFileStub}. */
    public String graph() {
        return InventoryFileStub.graph(this);
    }
}
