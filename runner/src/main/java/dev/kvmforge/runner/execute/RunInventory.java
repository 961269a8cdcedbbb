package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.inventory.Inventory;
import java.util.List;
import java.util.Map;

/**
 * The inventory of one run: the one given, with the playbook's {@code group_vars/} and {@code host_vars/}, and the
 * hosts and groups that {@code add_host} and {@code group_by} add while it runs. Every variable
 * ({@code groups}, {@code group_names}, {@code hostvars}) and every later play's {@code hosts:} see the current one,
 * as in Ansible; the inventory files are never written.
 */
final class RunInventory {

    private volatile Inventory current;

    RunInventory(Inventory start) {
        this.current = start;
    }

    Inventory current() {
        return current;
    }

    /** {@code add_host}: adds or updates host {@code name}; whether the inventory changed. */
    synchronized boolean addHost(String name, Map<String, ?> vars, List<String> groups) {
        Inventory before = current;
        current = before.withHost(name, vars, groups);
        return current != before;
    }

    /** {@code group_by}: puts {@code host} in {@code group} under {@code parents}; whether the inventory changed. */
    synchronized boolean group(String host, String group, List<String> parents) {
        Inventory before = current;
        current = before.withHostInGroup(host, group, parents);
        return current != before;
    }
}
