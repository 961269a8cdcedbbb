package dev.kvmforge.runner.inventory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A group of the inventory. {@code all} lists every host and has every top-level group as a child; {@code ungrouped}
 * holds the hosts that are in no other group. {@link #toString()} masks secrets.
 *
 * @param name     the group name
 * @param hosts    hosts listed directly in the group, in inventory order (not those of its children)
 * @param children names of child groups, in the order written
 * @param vars     the group's own variables: those of the inventory file, then its {@code group_vars/} file
 */
public record Group(String name, List<String> hosts, List<String> children, Map<String, Object> vars) {

    public Group {
        hosts = List.copyOf(hosts);
        children = List.copyOf(children);
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
    }

    @Override
    public String toString() {
        return "Group[name=" + name + ", hosts=" + hosts + ", children=" + children + ", vars="
                + InventoryHost.masked(vars) + "]";
    }
}
