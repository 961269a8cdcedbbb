package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.inventory.InventoryHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code delegate_to}: the host a task runs on instead of its own. A host of the run is itself (its connection is
 * shared); any other name is a host of its own for the rest of the run, with its inventory variables (or none: the
 * name is the address), reached as any host is. The task keeps its own host's variables; the delegate's give only
 * how it is reached.
 */
final class Delegation {

    private final Map<String, HostState> runHosts;
    private final RunInventory inventory;
    /** Delegates that are not hosts of the run, by name. */
    private final Map<String, HostState> others = new ConcurrentHashMap<>();

    Delegation(Map<String, HostState> runHosts, RunInventory inventory) {
        this.runHosts = runHosts;
        this.inventory = inventory;
    }

    /** The delegate called {@code name}. */
    HostState host(String name) {
        HostState h = runHosts.get(name);
        if (h != null) {
            return h;
        }
        return others.computeIfAbsent(name, n -> new HostState(inventory.current().host(n)
                .orElseGet(() -> new InventoryHost(n, Map.of(), List.of()))));
    }

    /** The delegate called {@code name} if one is known (a host of the run, or one delegated to), else null. */
    HostState known(String name) {
        HostState h = runHosts.get(name);
        return h != null ? h : others.get(name);
    }

    /** The delegates that are not hosts of the run, whose connections the run closes at its end. */
    List<HostState> others() {
        return new ArrayList<>(others.values());
    }
}
