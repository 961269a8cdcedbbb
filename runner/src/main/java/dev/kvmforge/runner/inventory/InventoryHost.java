package dev.kvmforge.runner.inventory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A host of the inventory with its variables already merged as Ansible merges them: group {@code all}, then the other
 * groups it belongs to from parents to children (same depth: by {@code ansible_group_priority}, then by name), then
 * {@code group_vars/} files in the same order (of the inventory, then of the playbook, for {@code all} and then for
 * the others), then the host's own variables, then {@code host_vars/} (the inventory's, then the playbook's).
 *
 * <p>Connection variables ({@code ansible_host}, {@code ansible_port}, {@code ansible_user},
 * {@code ansible_password}...) are plain variables here. {@link #toString()} masks secrets (see {@link #isSecret}).
 *
 * @param name   the inventory name
 * @param vars   merged variables, {@code ansible_host} and friends included (values may be null)
 * @param groups the groups it belongs to, directly or through children, without {@code all}, sorted; a host in no
 *               group is in {@code ungrouped}
 */
public record InventoryHost(String name, Map<String, Object> vars, List<String> groups) {

    /** What {@link #toString()} and the inventory views print instead of a secret value. */
    public static final String MASK = "********";

    public InventoryHost {
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        groups = List.copyOf(groups);
    }

    /**
     * Whether a variable of this name holds a secret: names ending in {@code _password}, {@code _pass},
     * {@code _passwd} or {@code _passphrase} ({@code ansible_password}, {@code ansible_ssh_pass},
     * {@code ansible_become_password}, {@code ansible_become_pass}, {@code ansible_ssh_private_key_passphrase}...)
     * and those words alone. The one list: inventory output masks these, and a run masks their values in its events.
     */
    public static boolean isSecret(String varName) {
        String n = varName.toLowerCase(Locale.ROOT);
        return n.endsWith("_password") || n.endsWith("_pass") || n.endsWith("_passwd") || n.endsWith("_passphrase")
                || n.equals("password") || n.equals("pass") || n.equals("passwd") || n.equals("passphrase");
    }

    /** The variables with every secret value replaced by {@link #MASK}, for printing. */
    public Map<String, Object> maskedVars() {
        return masked(vars);
    }

    static Map<String, Object> masked(Map<String, Object> vars) {
        Map<String, Object> out = new LinkedHashMap<>();
        vars.forEach((k, v) -> out.put(k, isSecret(k) && v != null ? MASK : v));
        return out;
    }

    @Override
    public String toString() {
        return "InventoryHost[name=" + name + ", groups=" + groups + ", vars=" + maskedVars() + "]";
    }
}
