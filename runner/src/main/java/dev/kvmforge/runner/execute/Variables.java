package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.inventory.InventoryHost;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the variables a task sees on a host, in Ansible's order of precedence (later wins): inventory (groups, then
 * host), play vars, vars_files, facts and registered results, block and task vars, loop variables, extra vars; plus
 * the magic ones ({@code inventory_hostname}, {@code groups}, {@code group_names}, {@code hostvars},
 * {@code ansible_check_mode}, {@code playbook_dir}, {@code omit}).
 */
final class Variables {

    private final Inventory inventory;
    private final RunOptions options;
    private final Path playbookDir;
    private final Map<String, HostState> states;

    Variables(Inventory inventory, RunOptions options, Path playbookDir, Map<String, HostState> states) {
        this.inventory = inventory;
        this.options = options;
        this.playbookDir = playbookDir;
        this.states = states;
    }

    Map<String, Object> forHost(HostState h, Map<String, Object> playVars, List<String> playHosts,
                                Map<String, Object> taskVars) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.putAll(inventory.host(h.name()).map(InventoryHost::vars).orElse(h.inventory.vars()));
        v.putAll(playVars);
        synchronized (h) {
            v.putAll(h.runVars);
        }
        v.putAll(taskVars);
        v.putAll(options.extraVars());
        v.put("inventory_hostname", h.name());
        v.put("inventory_hostname_short", h.name().split("\\.", 2)[0]);
        v.put("group_names", h.inventory.groups());
        v.put("groups", inventory.hostNamesByGroup());
        v.put("hostvars", new HostVars());
        v.put("play_hosts", playHosts);
        v.put("ansible_play_hosts", playHosts);
        v.put("ansible_check_mode", options.check());
        v.put("ansible_diff_mode", options.diff());
        v.put("ansible_verbosity", options.verbosity());
        v.put("playbook_dir", playbookDir.toString());
        return v;
    }

    /** {@code hostvars[name]}: a host's inventory variables and what it gained during the run, built on access. */
    private final class HostVars extends AbstractMap<String, Object> {
        @Override
        public Object get(Object key) {
            HostState h = states.get(String.valueOf(key));
            if (h == null) {
                return inventory.host(String.valueOf(key)).map(InventoryHost::vars).orElse(null);
            }
            Map<String, Object> v = new LinkedHashMap<>(h.inventory.vars());
            synchronized (h) {
                v.putAll(h.runVars);
            }
            v.put("inventory_hostname", h.name());
            return v;
        }

        @Override
        public boolean containsKey(Object key) {
            return inventory.host(String.valueOf(key)).isPresent();
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return inventory.hosts().stream()
                    .map(ih -> Map.entry(ih.name(), get(ih.name())))
                    .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        }
    }
}
