package dev.kvmforge.runner.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * Ansible host patterns: {@code all}, a host, a group, wildcards ({@code web*}), and lists joined by {@code :} or
 * {@code ,} where {@code !x} excludes and {@code &x} intersects.
 */
public final class HostPattern {

    private final String text;

    private HostPattern(String text) {
        this.text = text;
    }

    public static HostPattern parse(String text) {
        return new HostPattern(text == null || text.isBlank() ? "all" : text.strip());
    }

    /** The matching hosts in inventory order. */
    public List<InventoryHost> select(Inventory inventory) {
        // placeholder until the inventory work lands: all or exact names
        List<InventoryHost> out = new ArrayList<>();
        for (InventoryHost h : inventory.hosts()) {
            if (text.equals("all") || text.equals(h.name()) || h.groups().contains(text)) {
                out.add(h);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
