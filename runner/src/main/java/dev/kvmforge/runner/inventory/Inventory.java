package dev.kvmforge.runner.inventory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The hosts and groups a run can target, read from Ansible inventories or built in code.
 *
 * <ul>
 *   <li>{@link #load(Path)}: an INI or YAML file, or a directory of them, with the {@code group_vars/} and
 *       {@code host_vars/} folders beside the file (inside the directory);</li>
 *   <li>{@link #parse(String, String)}: inventory text, for tests and the Java API;</li>
 *   <li>{@link #of(List)}, {@link #builder()}: hosts and groups written in code;</li>
 *   <li>{@link #localhost()}: no inventory at all.</li>
 * </ul>
 *
 * <p>Groups {@code all} and {@code ungrouped} always exist. As in Ansible, a pattern naming {@code localhost} (or
 * {@code 127.0.0.1}, {@code ::1}) in an inventory that does not list it gets an implicit local host, in no group, with
 * the variables of {@code all} and {@code ansible_connection=local}.
 */
public final class Inventory {

    /** The name of the implicit local host used when no inventory is given. */
    public static final String LOCALHOST = "localhost";
    /** The group every host is in. */
    public static final String ALL = RawInventory.ALL;
    /** The group of hosts that are in no other group. */
    public static final String UNGROUPED = RawInventory.UNGROUPED;

    private static final Set<String> LOCAL_NAMES = Set.of(LOCALHOST, "127.0.0.1", "::1");

    private final Map<String, InventoryHost> hosts;
    private final Map<String, Group> groups;
    private final Map<String, Object> implicitLocalVars;
    private final List<Path> sources;
    private final List<String> warnings;
    private final Map<String, Integer> order = new HashMap<>();
    private volatile Map<String, List<String>> hostNamesByGroup;
    /** Makes the raw inventory again, for {@link #withPlaybookVars}. */
    private final Supplier<RawInventory> recipe;
    /** What this inventory was made of, for {@link #plus}: changes start from a copy, not from the files. */
    private final RawInventory unbuilt;

    Inventory(Map<String, InventoryHost> hosts, Map<String, Group> groups, Map<String, Object> implicitLocalVars,
              List<Path> sources, List<String> warnings, Supplier<RawInventory> recipe, RawInventory unbuilt) {
        this.recipe = recipe;
        this.unbuilt = unbuilt;
        this.hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
        this.groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        this.implicitLocalVars = Collections.unmodifiableMap(new LinkedHashMap<>(implicitLocalVars));
        this.sources = List.copyOf(sources);
        this.warnings = List.copyOf(warnings);
        for (String name : this.hosts.keySet()) {
            order.put(name, order.size());
        }
    }

    /** No inventory: the local host, reached without SSH, in group {@code ungrouped}. */
    public static Inventory localhost() {
        return builder().withHost(LOCALHOST, Map.of("ansible_connection", "local")).build();
    }

    /**
     * Reads an inventory file (INI or YAML: by extension, else by content) or a directory of them (every file but
     * hidden ones, {@code *~}, {@code .md}, {@code .txt}, {@code .bak}, {@code .cfg}... and the {@code host_vars/},
     * {@code group_vars/} folders), then applies {@code group_vars/} and {@code host_vars/}.
     *
     * @throws dev.kvmforge.runner.error.KvmforgeException an {@code OPTIONS} error when the path does not exist, a
     *                                                     {@code PARSE} error with file:line:column otherwise
     */
    public static Inventory load(Path source) {
        return load(List.of(source));
    }

    /**
     * What {@code -i} names, as ansible-playbook reads it: a file or directory, or, when no such path exists and the
     * text holds a comma, a list of hosts ({@code -i web1,web2:2222,} or {@code -i localhost,}), each in
     * {@code ungrouped}, a {@code :port} as its {@code ansible_port}.
     */
    public static Inventory fromOption(String value) {
        return fromOption(value, Path.of(""));
    }

    /** As {@link #fromOption(String)}, with a relative path starting at {@code workingDirectory}. */
    public static Inventory fromOption(String value, Path workingDirectory) {
        Path file = workingDirectory.toAbsolutePath().resolve(value);
        if (value.contains(",") && !java.nio.file.Files.exists(file)) {
            Builder b = builder();
            for (String entry : value.split(",")) {
                String h = entry.strip();
                if (h.isEmpty()) {
                    continue;
                }
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\[[^]]+]|[^:]+):(\\d+)$").matcher(h);
                if (m.matches()) {
                    String name = m.group(1).replaceAll("^\\[|]$", "");
                    b.withHost(name, Map.of("ansible_port", Integer.parseInt(m.group(2))));
                } else {
                    b.withHost(h);
                }
            }
            return b.build();
        }
        return load(file);
    }

    /** Several sources merged in order, as repeated {@code -i} options. */
    public static Inventory load(List<Path> sources) {
        return InventorySources.load(sources);
    }

    /** Reads inventory text (INI or YAML, by {@code sourceName}'s extension, else by content); no vars folders. */
    public static Inventory parse(String text, String sourceName) {
        Supplier<RawInventory> recipe = () -> {
            RawInventory raw = new RawInventory();
            InventorySources.read(text, sourceName, raw);
            return raw;
        };
        return recipe.get().build(recipe);
    }

    /**
     * This inventory with the {@code group_vars/} and {@code host_vars/} folders beside a playbook, as
     * ansible-playbook adds them: each above the inventory's of the same level (see {@link InventoryHost}). The same
     * inventory when {@code playbookDir} has neither folder or they are the inventory's own.
     */
    public Inventory withPlaybookVars(Path playbookDir) {
        Path dir = playbookDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("group_vars")) && !Files.isDirectory(dir.resolve("host_vars"))) {
            return this;
        }
        RawInventory raw = recipe.get();
        if (raw.bases.contains(dir)) {
            return this;
        }
        Supplier<RawInventory> withVars = () -> {
            RawInventory r = recipe.get();
            VarsFolders.apply(dir, r, true);
            return r;
        };
        return withVars.get().build(withVars);
    }

    /**
     * This inventory with host {@code name} added (or, if listed, its variables updated) in {@code groups}, declared as
     * needed, as Ansible's {@code add_host} adds one to the run's inventory: {@code vars} are host variables, above the
     * host's earlier ones. The same inventory when nothing changes.
     */
    public Inventory withHost(String name, Map<String, ?> vars, List<String> groups) {
        InventoryHost known = hosts.get(name);
        boolean same = known != null && groups.stream().allMatch(g -> this.groups.containsKey(g)
                && this.groups.get(g).hosts().contains(name)) && vars.entrySet().stream()
                .allMatch(e -> Objects.equals(known.vars().get(e.getKey()), e.getValue()));
        if (same) {
            return this;
        }
        Map<String, Object> copy = new LinkedHashMap<>(vars);
        List<String> in = List.copyOf(groups);
        return plus(raw -> {
            raw.addHost(null, name, copy);
            in.forEach(g -> raw.addHost(g, name, Map.of()));
        });
    }

    /**
     * This inventory with {@code host} in {@code group}, and {@code group} a child of each of {@code parents}, each
     * declared as needed, as Ansible's {@code group_by} groups the run's hosts. A local name the inventory does not
     * list is added as the implicit local host is. The group lists its hosts in inventory order. The same inventory
     * when nothing changes.
     */
    public Inventory withHostInGroup(String host, String group, List<String> parents) {
        Group g = groups.get(group);
        boolean same = g != null && g.hosts().contains(host) && parents.stream().allMatch(p -> p.equals(ALL)
                || groups.containsKey(p) && groups.get(p).children().contains(group));
        if (same) {
            return this;
        }
        boolean implicit = !hosts.containsKey(host) && isLocalName(host);
        List<String> above = List.copyOf(parents);
        return plus(raw -> {
            raw.addHost(group, host, implicit ? Map.of("ansible_connection", "local") : Map.of());
            // hosts grouped at once, on parallel forks, are listed in inventory order, not in the order they finished
            Map<String, Integer> order = new HashMap<>();
            raw.hosts.keySet().forEach(h -> order.put(h, order.size()));
            List<String> members = new ArrayList<>(raw.group(group).hosts);
            members.sort(java.util.Comparator.comparingInt(h -> order.getOrDefault(h, Integer.MAX_VALUE)));
            raw.group(group).hosts.clear();
            raw.group(group).hosts.addAll(members);
            for (String p : above) {
                if (!p.equals(ALL) && !raw.group(p).children.contains(group)) {
                    raw.addChild(p, group, null);
                }
            }
        });
    }

    /**
     * This inventory made again with one more step, from a copy of what it was made of: the inventory files are not
     * read again (their vars folders are, for what the step added).
     */
    private Inventory plus(Consumer<RawInventory> step) {
        Supplier<RawInventory> after = () -> {
            RawInventory raw = unbuilt.copy();
            step.accept(raw);
            // the vars folders again, for the hosts and groups the step added (group_by's os_Debian and its
            // group_vars/os_Debian.yml); what they gave the others is the same again
            raw.bases.forEach(b -> VarsFolders.apply(b, raw, false));
            if (raw.playbookBase != null) {
                VarsFolders.apply(raw.playbookBase, raw, true);
            }
            return raw;
        };
        return after.get().build(after);
    }

    /** An inventory of these hosts: their {@code vars} are host variables, their {@code groups} become groups. */
    public static Inventory of(List<InventoryHost> hosts) {
        Builder b = builder();
        for (InventoryHost h : hosts) {
            b.withHost(h.name(), h.vars(), h.groups().stream().filter(g -> !g.equals(ALL)).toArray(String[]::new));
        }
        return b.build();
    }

    /** A fluent builder for inventories written in code. */
    public static Builder builder() {
        return new Builder();
    }

    /** All hosts, in the order the inventory lists them. */
    public List<InventoryHost> hosts() {
        return List.copyOf(hosts.values());
    }

    /**
     * The host of this name; for {@code localhost}, {@code 127.0.0.1} or {@code ::1} not listed in the inventory, the
     * implicit local host.
     */
    public Optional<InventoryHost> host(String name) {
        InventoryHost h = hosts.get(name);
        if (h == null && LOCAL_NAMES.contains(name)) {
            return Optional.of(implicitLocalhost(name));
        }
        return Optional.ofNullable(h);
    }

    /** All groups by name, in the order first declared, {@code all} and {@code ungrouped} first. */
    public Map<String, Group> groups() {
        return groups;
    }

    /**
     * Ansible's {@code groups} variable: every group's host names, in inventory order, children's hosts included.
     * Made once, on first use: every task on every host sees it.
     */
    public Map<String, List<String>> hostNamesByGroup() {
        Map<String, List<String>> names = hostNamesByGroup;
        if (names == null) {
            Map<String, List<String>> built = new LinkedHashMap<>();
            groups.keySet().forEach(name -> built.put(name, select(name).stream().map(InventoryHost::name).toList()));
            names = Collections.unmodifiableMap(built);
            hostNamesByGroup = names;
        }
        return names;
    }

    public Optional<Group> group(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    /** The hosts that {@code pattern} selects, in inventory order (see {@link HostPattern}). */
    public List<InventoryHost> select(String pattern) {
        return HostPattern.parse(pattern).select(this);
    }

    /** The files and directories this inventory was read from (empty when built in code). */
    public List<Path> sources() {
        return sources;
    }

    /**
     * Things worth telling the operator that are not errors, e.g. a {@code group_vars/} file named for no group
     * ("did you mean ...").
     */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * What {@code ansible-inventory --list} prints: each non-empty group with {@code hosts} and {@code children}, and
     * {@code _meta.hostvars} with each host's merged variables. Keys are sorted as Ansible's JSON output sorts them;
     * lists keep inventory order. Secret variables (see {@link InventoryHost#isSecret}) show as
     * {@link InventoryHost#MASK}.
     */
    public Map<String, Object> toAnsibleJson() {
        return InventoryListing.json(this);
    }

    /**
     * What {@code ansible-inventory --host NAME} prints: the host's merged variables, keys sorted, secret variables
     * masked.
     */
    public Map<String, Object> toAnsibleJson(InventoryHost host) {
        return InventoryListing.hostVars(host);
    }

    /**
     * What {@code ansible-inventory --graph} prints: the {@code @all:} tree drawn with {@code |--}, no variables; lines
     * joined by newlines, without a last one.
     */
    public String graph() {
        return graph(ALL, false);
    }

    /**
     * What {@code ansible-inventory --graph GROUP [--vars]} prints: the tree from {@code group}, with
     * {@code {name = value}} lines when {@code withVars}, secrets masked.
     *
     * @throws dev.kvmforge.runner.error.KvmforgeException an {@code OPTIONS} error when there is no such group
     */
    public String graph(String group, boolean withVars) {
        return InventoryListing.graph(this, group, withVars);
    }

    /** Position of a host in inventory order; hosts outside the inventory (implicit localhost) come last. */
    int position(String host) {
        return order.getOrDefault(host, Integer.MAX_VALUE);
    }

    /** Whether the inventory itself lists this host (the implicit localhost does not count). */
    boolean lists(String host) {
        return hosts.containsKey(host);
    }

    InventoryHost implicitLocalhost(String name) {
        return new InventoryHost(name, implicitLocalVars, List.of());
    }

    static boolean isLocalName(String name) {
        return LOCAL_NAMES.contains(name);
    }

    @Override
    public String toString() {
        return "Inventory[" + hosts.size() + " hosts, " + groups.size() + " groups"
                + (sources.isEmpty() ? "" : ", from " + sources) + "]";
    }

    /**
     * Builds an inventory in code, Testcontainers style: {@code Inventory.builder().withHost("web1",
     * Map.of("ansible_host", "10.0.0.5"), "web").withGroup("web", Map.of("http_port", 80)).withChildren("prod", "web")
     * .build()}. Variables merge as for a file inventory.
     */
    public static final class Builder {

        /** Every step so far, applied at once to check it and replayed by {@link #build()} on a fresh inventory. */
        private final List<Consumer<RawInventory>> steps = new ArrayList<>();
        private final RawInventory checked = new RawInventory();

        private Builder() {
        }

        private Builder step(Consumer<RawInventory> step) {
            step.accept(checked);
            steps.add(step);
            return this;
        }

        /** Adds a host (again: its variables are added over the earlier ones) to the given groups. */
        public Builder withHost(String name, Map<String, ?> vars, String... groups) {
            Objects.requireNonNull(name, "name");
            Map<String, Object> copy = new LinkedHashMap<>(vars);
            List<String> in = List.of(groups);
            return step(raw -> {
                if (in.isEmpty()) {
                    raw.addHost(null, name, copy);
                }
                in.forEach(g -> raw.addHost(g, name, copy));
            });
        }

        /** Adds a host without variables to the given groups. */
        public Builder withHost(String name, String... groups) {
            return withHost(name, Map.of(), groups);
        }

        /** Declares a group (again: its variables are added over the earlier ones). */
        public Builder withGroup(String name, Map<String, ?> vars) {
            Objects.requireNonNull(name, "name");
            Map<String, Object> copy = new LinkedHashMap<>(vars);
            return step(raw -> {
                raw.group(name);
                copy.forEach((k, v) -> raw.setGroupVar(name, k, v, null));
            });
        }

        /** Makes {@code children} child groups of {@code parent}, declaring them as needed; a cycle is an error. */
        public Builder withChildren(String parent, String... children) {
            List<String> kids = List.of(children);
            return step(raw -> {
                raw.group(parent);
                for (String c : kids) {
                    raw.group(c);
                    raw.addChild(parent, c, null);
                }
            });
        }

        public Inventory build() {
            List<Consumer<RawInventory>> replay = List.copyOf(steps);
            Supplier<RawInventory> recipe = () -> {
                RawInventory raw = new RawInventory();
                replay.forEach(step -> step.accept(raw));
                return raw;
            };
            return recipe.get().build(recipe);
        }
    }
}
