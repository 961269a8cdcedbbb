package dev.kvmforge.runner.inventory;

import java.util.List;
import java.util.Map;

/**
 * A group of the inventory.
 *
 * @param name     the group name
 * @param hosts    hosts listed directly in the group
 * @param children names of child groups
 * @param vars     the group's own variables
 */
public record Group(String name, List<String> hosts, List<String> children, Map<String, Object> vars) {

    public Group {
        hosts = List.copyOf(hosts);
        children = List.copyOf(children);
        vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
    }
}
