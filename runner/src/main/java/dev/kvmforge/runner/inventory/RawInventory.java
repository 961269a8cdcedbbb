package dev.kvmforge.runner.inventory;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.SourceLocation;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The inventory as its sources declare it, before variables are merged: groups with their own hosts, children and
 * variables, hosts with their own variables, and what {@code group_vars/} and {@code host_vars/} add. Every reader
 * (INI, YAML, the builder) writes here; {@link #build} reconciles it as Ansible does and merges the variables.
 */
final class RawInventory {

    static final String ALL = "all";
    static final String UNGROUPED = "ungrouped";
    static final String PRIORITY = "ansible_group_priority";

    static final class RawGroup {
        final String name;
        final Map<String, Object> vars = new LinkedHashMap<>();
        final Map<String, Object> fileVars = new LinkedHashMap<>();
        /** The playbook's {@code group_vars/} file of this group: above the inventory's. */
        final Map<String, Object> playbookFileVars = new LinkedHashMap<>();
        final Set<String> hosts = new LinkedHashSet<>();
        final Set<String> children = new LinkedHashSet<>();
        final Set<String> parents = new LinkedHashSet<>();
        int priority = 1;

        RawGroup(String name) {
            this.name = name;
        }
    }

    static final class RawHost {
        final String name;
        final Map<String, Object> vars = new LinkedHashMap<>();
        final Map<String, Object> fileVars = new LinkedHashMap<>();
        /** The playbook's {@code host_vars/} file of this host: above the inventory's. */
        final Map<String, Object> playbookFileVars = new LinkedHashMap<>();
        final Set<String> groups = new LinkedHashSet<>();

        RawHost(String name) {
            this.name = name;
        }
    }

    final Map<String, RawGroup> groups = new LinkedHashMap<>();
    final Map<String, RawHost> hosts = new LinkedHashMap<>();
    /** host_vars/ of names that no inventory file declares (the implicit localhost uses them). */
    final Map<String, Map<String, Object>> undeclaredHostFileVars = new HashMap<>();
    /** The playbook's host_vars/ of names no inventory file declares. */
    final Map<String, Map<String, Object>> undeclaredHostPlaybookVars = new HashMap<>();
    final List<String> warnings = new ArrayList<>();
    final List<Path> sources = new ArrayList<>();
    /** The folders whose group_vars/ and host_vars/ were read as the inventory's. */
    final Set<Path> bases = new LinkedHashSet<>();
    /** The playbook's folder whose group_vars/ and host_vars/ were read, or null. */
    Path playbookBase;

    /** A copy that shares nothing this one may change (the variables' values themselves are shared). */
    RawInventory copy() {
        RawInventory c = new RawInventory();
        c.groups.clear();
        groups.forEach((name, g) -> {
            RawGroup d = new RawGroup(name);
            d.vars.putAll(g.vars);
            d.fileVars.putAll(g.fileVars);
            d.playbookFileVars.putAll(g.playbookFileVars);
            d.hosts.addAll(g.hosts);
            d.children.addAll(g.children);
            d.parents.addAll(g.parents);
            d.priority = g.priority;
            c.groups.put(name, d);
        });
        hosts.forEach((name, h) -> {
            RawHost d = new RawHost(name);
            d.vars.putAll(h.vars);
            d.fileVars.putAll(h.fileVars);
            d.playbookFileVars.putAll(h.playbookFileVars);
            d.groups.addAll(h.groups);
            c.hosts.put(name, d);
        });
        undeclaredHostFileVars.forEach((k, v) -> c.undeclaredHostFileVars.put(k, new LinkedHashMap<>(v)));
        undeclaredHostPlaybookVars.forEach((k, v) -> c.undeclaredHostPlaybookVars.put(k, new LinkedHashMap<>(v)));
        c.warnings.addAll(warnings);
        c.sources.addAll(sources);
        c.bases.addAll(bases);
        c.playbookBase = playbookBase;
        return c;
    }

    /** As Ansible starts an inventory: {@code all} with {@code ungrouped} as its first child. */
    RawInventory() {
        group(ALL).children.add(UNGROUPED);
        group(UNGROUPED).parents.add(ALL);
    }

    boolean hasGroup(String name) {
        return groups.containsKey(name);
    }

    /** The group, declared now if it is new. */
    RawGroup group(String name) {
        return groups.computeIfAbsent(name, RawGroup::new);
    }

    /** Declares {@code host} in {@code group} (or in none when null), adding {@code vars} over its earlier ones. */
    RawHost addHost(String group, String host, Map<String, ?> vars) {
        RawHost h = hosts.computeIfAbsent(host, RawHost::new);
        h.vars.putAll(vars);
        if (group != null) {
            group(group).hosts.add(host);
            h.groups.add(group);
        }
        return h;
    }

    /** Sets a variable of a group as its inventory source writes it; {@code ansible_group_priority} becomes its rank. */
    void setGroupVar(String group, String key, Object value, SourceLocation at) {
        RawGroup g = group(group);
        if (key.equals(PRIORITY)) {
            try {
                g.priority = value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value).strip());
            } catch (NumberFormatException e) {
                throw KvmforgeException.parse(at, PRIORITY + " of group '" + group + "' is not a number: " + value,
                        "write a whole number; groups of the same depth with a higher priority win");
            }
            return;
        }
        g.vars.put(key, value);
    }

    /** Makes {@code child} a child group of {@code parent}; a loop through children is an error placed at {@code at}. */
    void addChild(String parent, String child, SourceLocation at) {
        if (child.equals(ALL)) {
            throw KvmforgeException.parse(at, "group 'all' cannot be a child of '" + parent + "'",
                    "every group is already inside 'all'; remove this line");
        }
        if (child.equals(parent)) {
            throw KvmforgeException.parse(at, "group '" + parent + "' lists itself as a child",
                    "remove it from its own children");
        }
        List<String> loop = pathDown(child, parent);
        if (!loop.isEmpty()) {
            throw KvmforgeException.parse(at, "making '" + child + "' a child of '" + parent + "' creates a cycle: "
                    + parent + " > " + String.join(" > ", loop), "a group cannot contain one of its own ancestors");
        }
        group(parent).children.add(child);
        group(child).parents.add(parent);
    }

    /** The chain of child groups from {@code from} down to {@code to}, or empty when there is none. */
    private List<String> pathDown(String from, String to) {
        Deque<List<String>> todo = new ArrayDeque<>();
        todo.add(List.of(from));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            List<String> path = todo.poll();
            String last = path.get(path.size() - 1);
            if (last.equals(to)) {
                return path;
            }
            if (!seen.add(last) || !groups.containsKey(last)) {
                continue;
            }
            for (String c : groups.get(last).children) {
                List<String> next = new ArrayList<>(path);
                next.add(c);
                todo.add(next);
            }
        }
        return List.of();
    }

    /**
     * Reconciles as Ansible does (parentless groups under {@code all}, {@code ungrouped}) and merges variables in
     * Ansible's order: the inventory's group variables ({@code all} first), {@code group_vars/all} of the inventory then
     * of the playbook, the other groups' {@code group_vars/} of the inventory then of the playbook, the host's own
     * variables, its {@code host_vars/} of the inventory then of the playbook.
     *
     * @param recipe makes this raw inventory again from its sources, for {@link Inventory#withPlaybookVars}
     */
    Inventory build(Supplier<RawInventory> recipe) {
        RawInventory unbuilt = copy(); // what the inventory was made of, before the building below changes it
        RawGroup all = groups.get(ALL);
        for (RawGroup g : groups.values()) {
            if (!g.name.equals(ALL) && g.parents.isEmpty()) {
                all.children.add(g.name);
                g.parents.add(ALL);
            }
        }
        RawGroup ungrouped = groups.get(UNGROUPED);
        all.hosts.clear();
        for (RawHost h : hosts.values()) {
            all.hosts.add(h.name);
            h.groups.add(ALL);
            boolean elsewhere = h.groups.stream().anyMatch(g -> !g.equals(ALL) && !g.equals(UNGROUPED));
            if (elsewhere) {
                ungrouped.hosts.remove(h.name);
                h.groups.remove(UNGROUPED);
            } else {
                ungrouped.hosts.add(h.name);
                h.groups.add(UNGROUPED);
            }
        }

        Map<String, Integer> depth = new HashMap<>();
        for (String g : groups.keySet()) {
            depth(g, depth);
        }
        Comparator<RawGroup> precedence = Comparator.<RawGroup>comparingInt(g -> depth.get(g.name))
                .thenComparingInt(g -> g.priority)
                .thenComparing(g -> g.name);

        Map<String, InventoryHost> built = new LinkedHashMap<>();
        for (RawHost h : hosts.values()) {
            Set<String> member = new LinkedHashSet<>();
            for (String g : h.groups) {
                ancestors(g, member);
            }
            member.remove(ALL);
            List<RawGroup> ranked = member.stream().map(groups::get).sorted(precedence).toList();
            Map<String, Object> vars = new LinkedHashMap<>(all.vars);
            ranked.forEach(g -> vars.putAll(g.vars));
            vars.putAll(all.fileVars);
            vars.putAll(all.playbookFileVars);
            ranked.forEach(g -> vars.putAll(g.fileVars));
            ranked.forEach(g -> vars.putAll(g.playbookFileVars));
            vars.putAll(h.vars);
            vars.putAll(h.fileVars);
            vars.putAll(h.playbookFileVars);
            built.put(h.name, new InventoryHost(h.name, vars, member.stream().sorted().toList()));
        }

        Map<String, Group> builtGroups = new LinkedHashMap<>();
        for (RawGroup g : groups.values()) {
            Map<String, Object> own = new LinkedHashMap<>(g.vars);
            own.putAll(g.fileVars);
            own.putAll(g.playbookFileVars);
            builtGroups.put(g.name, new Group(g.name, new ArrayList<>(g.hosts), new ArrayList<>(g.children), own));
        }

        Map<String, Object> localVars = new LinkedHashMap<>(all.vars);
        localVars.putAll(all.fileVars);
        localVars.putAll(all.playbookFileVars);
        localVars.put("ansible_connection", "local");
        localVars.putAll(undeclaredHostFileVars.getOrDefault(Inventory.LOCALHOST, Map.of()));
        localVars.putAll(undeclaredHostPlaybookVars.getOrDefault(Inventory.LOCALHOST, Map.of()));
        return new Inventory(built, builtGroups, localVars, sources, warnings, recipe, unbuilt);
    }

    private int depth(String group, Map<String, Integer> memo) {
        Integer known = memo.get(group);
        if (known != null) {
            return known;
        }
        int d = 0;
        for (String p : groups.get(group).parents) {
            d = Math.max(d, depth(p, memo) + 1);
        }
        memo.put(group, d);
        return d;
    }

    private void ancestors(String group, Set<String> into) {
        if (into.add(group)) {
            for (String p : groups.get(group).parents) {
                ancestors(p, into);
            }
        }
    }
}
