package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.inventory.InventoryHost;
import dev.kvmforge.runner.playbook.Role;
import dev.kvmforge.runner.playbook.TaskOptions;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the variables a task sees on a host. The one place Ansible's order of precedence is written down (later
 * wins), as ansible-core's VariableManager merges them:
 * <ol>
 *   <li>role defaults (the play's public roles', then the task's own role's)</li>
 *   <li>inventory: group variables, group_vars/ of the inventory and of the playbook, host variables, host_vars/ of
 *       the inventory and of the playbook ({@link Inventory#withPlaybookVars})</li>
 *   <li>facts (gathered, setup, set_fact with cacheable)</li>
 *   <li>play vars, then vars_files</li>
 *   <li>role vars (the play's public roles', then the task's own role's)</li>
 *   <li>block vars, then task vars</li>
 *   <li>include_vars</li>
 *   <li>set_fact and registered results</li>
 *   <li>role parameters</li>
 *   <li>include parameters (the vars of the imports and includes that brought the task in)</li>
 *   <li>extra vars ({@code -e})</li>
 *   <li>loop variables ({@code item}, {@code loop_var}, {@code index_var}...), which Ansible sets over all</li>
 * </ol>
 * and then the magic ones ({@code inventory_hostname}, {@code groups}, {@code group_names}, {@code hostvars},
 * {@code role_name}, {@code role_path}, {@code ansible_check_mode}, {@code playbook_dir}...).
 */
final class Variables {

    private final RunInventory inventory;
    private final RunOptions options;
    private final Path playbookDir;
    private final Delegation hosts;

    Variables(RunInventory inventory, RunOptions options, Path playbookDir, Delegation hosts) {
        this.inventory = inventory;
        this.options = options;
        this.playbookDir = playbookDir;
        this.hosts = hosts;
    }

    RunInventory inventory() {
        return inventory;
    }

    /**
     * The variables of a task (or include) with keywords {@code task} in {@code role} (or none) on {@code h}, in a
     * play with these vars, hosts and public roles, for one loop item ({@code loopVars}, empty without a loop).
     */
    Map<String, Object> forHost(HostState h, Map<String, Object> playVars, List<String> playHosts, TaskOptions task,
                                Map<String, Object> loopVars, List<Role> playRoles, Role role) {
        Inventory inv = inventory.current();
        InventoryHost ih = inv.host(h.name()).orElse(h.inventory);
        Map<String, Object> v = new LinkedHashMap<>();
        playRoles.forEach(r -> v.putAll(r.defaults()));
        if (role != null) {
            v.putAll(role.defaults());
        }
        v.putAll(ih.vars());
        synchronized (h) {
            v.putAll(h.facts);
        }
        v.putAll(playVars);
        playRoles.forEach(r -> v.putAll(r.vars()));
        if (role != null) {
            v.putAll(role.vars());
        }
        v.putAll(task.vars());
        synchronized (h) {
            v.putAll(h.includedVars);
            v.putAll(h.runVars);
        }
        if (role != null) {
            v.putAll(role.params());
        }
        v.putAll(task.includeParams());
        v.putAll(options.extraVars());
        v.putAll(loopVars);
        if (role != null) {
            v.put("role_name", role.name());
            v.put("ansible_role_name", role.name());
            v.put("role_path", role.dir().toString());
        }
        v.put("inventory_hostname", h.name());
        v.put("inventory_hostname_short", h.name().split("\\.", 2)[0]);
        v.put("group_names", ih.groups());
        v.put("groups", inv.hostNamesByGroup());
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
            Inventory inv = inventory.current();
            HostState h = hosts.known(String.valueOf(key));
            if (h == null) {
                return inv.host(String.valueOf(key)).map(InventoryHost::vars).orElse(null);
            }
            Map<String, Object> v = new LinkedHashMap<>(inv.host(h.name()).map(InventoryHost::vars)
                    .orElse(h.inventory.vars()));
            synchronized (h) {
                v.putAll(h.facts);
                v.putAll(h.includedVars);
                v.putAll(h.runVars);
            }
            v.put("inventory_hostname", h.name());
            return v;
        }

        @Override
        public boolean containsKey(Object key) {
            return inventory.current().host(String.valueOf(key)).isPresent();
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return inventory.current().hosts().stream()
                    .map(ih -> Map.entry(ih.name(), get(ih.name())))
                    .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        }
    }
}
