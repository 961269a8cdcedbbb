package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.inventory.InventoryHost;
import dev.kvmforge.runner.playbook.Role;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the variables a task sees on a host, in Ansible's order of precedence (later wins): role defaults (the
 * play's roles', then the task's own role's), inventory (groups, then host), play vars, vars_files, role vars (the
 * same way), facts and registered results, block and task vars, loop and include variables, role parameters, extra
 * vars; plus
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
                                Map<String, Object> taskVars, List<Role> playRoles, Role role) {
        Map<String, Object> v = new LinkedHashMap<>();
        playRoles.forEach(r -> v.putAll(r.defaults()));
        if (role != null) {
            v.putAll(role.defaults());
        }
        v.putAll(inventory.host(h.name()).map(InventoryHost::vars).orElse(h.inventory.vars()));
        v.putAll(playVars);
        playRoles.forEach(r -> v.putAll(r.vars()));
        if (role != null) {
            v.putAll(role.vars());
        }
        synchronized (h) {
            v.putAll(h.runVars);
        }
        v.putAll(taskVars);
        if (role != null) {
            v.putAll(role.params());
            v.put("role_name", role.name());
            v.put("ansible_role_name", role.name());
            v.put("role_path", role.dir().toString());
        }
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
        v.put("ansible_run_tags", options.tags().isEmpty() ? List.of("all") : List.copyOf(options.tags()));
        v.put("ansible_skip_tags", List.copyOf(options.skipTags()));
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
