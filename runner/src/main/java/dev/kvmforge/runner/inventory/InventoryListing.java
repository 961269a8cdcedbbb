package dev.kvmforge.runner.inventory;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.Suggestions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The views {@code ansible-inventory} prints: {@code --list} (a JSON structure), {@code --host} (one host's variables)
 * and {@code --graph} (a tree). Unlike Ansible's, secret variables (see {@link InventoryHost#isSecret}) show as
 * {@link InventoryHost#MASK}.
 */
final class InventoryListing {

    private InventoryListing() {
    }

    static Map<String, Object> json(Inventory inventory) {
        Map<String, Object> out = new TreeMap<>();
        formatGroup(inventory, inventory.groups().get(Inventory.ALL), out, new HashSet<>());
        Map<String, Object> hostvars = new TreeMap<>();
        for (InventoryHost h : inventory.hosts()) {
            if (!h.vars().isEmpty()) {
                hostvars.put(h.name(), sorted(h.maskedVars()));
            }
        }
        Map<String, Object> meta = new TreeMap<>();
        meta.put("hostvars", hostvars);
        out.put("_meta", meta);
        return out;
    }

    private static void formatGroup(Inventory inventory, Group group, Map<String, Object> out, Set<String> seen) {
        Map<String, Object> entry = new TreeMap<>();
        if (!group.name().equals(Inventory.ALL) && !group.hosts().isEmpty()) {
            entry.put("hosts", group.hosts());
        }
        if (!group.children().isEmpty()) {
            entry.put("children", group.children());
        }
        if (!entry.isEmpty()) {
            out.put(group.name(), entry);
        }
        for (String child : group.children()) {
            if (seen.add(child)) {
                formatGroup(inventory, inventory.groups().get(child), out, seen);
            }
        }
    }

    static Map<String, Object> hostVars(InventoryHost host) {
        @SuppressWarnings("unchecked")
        Map<String, Object> vars = (Map<String, Object>) sorted(host.maskedVars());
        return vars;
    }

    /** A copy with every mapping's keys sorted, as {@code json.dumps(sort_keys=True)} prints it. */
    @SuppressWarnings("unchecked")
    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> out.put(k, sorted(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(sorted(v)));
            return out;
        }
        return value;
    }

    static String graph(Inventory inventory, String start, boolean withVars) {
        Group group = inventory.groups().get(start);
        if (group == null) {
            throw KvmforgeException.options("no group named '" + start + "' to draw",
                    Suggestions.hint(start, inventory.groups().keySet(), "groups"));
        }
        List<String> lines = new ArrayList<>();
        graphGroup(inventory, group, 0, withVars, lines);
        return String.join("\n", lines);
    }

    private static void graphGroup(Inventory inventory, Group group, int depth, boolean withVars, List<String> lines) {
        lines.add(indent("@" + group.name() + ":", depth));
        int inner = depth + 1;
        for (String child : group.children()) {
            graphGroup(inventory, inventory.groups().get(child), inner, withVars, lines);
        }
        if (!group.name().equals(Inventory.ALL)) {
            for (String host : group.hosts()) {
                lines.add(indent(host, inner));
                if (withVars) {
                    vars(inventory.host(host).orElseThrow().vars(), inner + 1, lines);
                }
            }
        }
        if (withVars) {
            vars(group.vars(), inner, lines);
        }
    }

    private static void vars(Map<String, Object> vars, int depth, List<String> lines) {
        new TreeMap<>(InventoryHost.masked(vars)).forEach((k, v) ->
                lines.add(indent("{" + k + " = " + PythonLiteral.str(v) + "}", depth)));
    }

    private static String indent(String name, int depth) {
        return depth == 0 ? name : "  |".repeat(depth) + "--" + name;
    }
}
