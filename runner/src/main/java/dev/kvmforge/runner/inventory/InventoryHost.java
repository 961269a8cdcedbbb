package dev.kvmforge.runner.inventory;

import java.util.List;
import java.util.Map;

/**
 * A host of the inventory with its variables already merged (all, then parent groups before child groups, then the
 * host's own, then {@code host_vars/}).
 *
 * @param name   the inventory name
 * @param vars   merged variables, {@code ansible_host} and friends included
 * @param groups the groups it belongs to, directly or through children, without {@code all}, sorted
 */
public record InventoryHost(String name, Map<String, Object> vars, List<String> groups) {

    public InventoryHost {
        vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
        groups = List.copyOf(groups);
    }
}
