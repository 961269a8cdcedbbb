package dev.kvmforge.checks.engine;

import dev.kvmforge.runner.inventory.InventoryHost;
import java.util.Objects;
import java.util.Optional;
import org.junit.platform.engine.DiscoverySelector;

/**
 * Selects one host for the checks: by name from the configured inventory ({@link #named}), or given whole with its
 * variables ({@link #of}), so that a Java caller can check hosts of an inventory built in code. Several host
 * selectors add up; given any, only these hosts are checked.
 *
 * @param name the inventory name
 * @param host the host with its variables, or null to look the name up in the configured inventory
 */
public record HostSelector(String name, InventoryHost host) implements DiscoverySelector {

    public HostSelector {
        Objects.requireNonNull(name, "name");
    }

    /** The host of this name in the inventory the engine is configured with. */
    public static HostSelector named(String name) {
        return new HostSelector(name, null);
    }

    /** This host, with its variables ({@code ansible_host}, {@code ansible_connection}, {@code kvmforge_root}...). */
    public static HostSelector of(InventoryHost host) {
        return new HostSelector(host.name(), host);
    }

    public Optional<InventoryHost> inventoryHost() {
        return Optional.ofNullable(host);
    }
}
