package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.modules.Change;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code add_host} and {@code group_by} return ({@code add_host}, {@code add_group}) goes into the run's
 * inventory, in check mode too, as Ansible's strategy adds them; the call is {@code changed} when the inventory
 * changed. Before {@code changed_when}, which sees the outcome this makes.
 */
final class InventoryChanges implements TaskStage {

    @Override
    public TaskOutcome after(TaskStep step, TaskOutcome o) {
        if (o.failed() || o.skipped()) {
            return o;
        }
        RunInventory inventory = step.runner.inventory();
        boolean changed;
        String what;
        if (o.values().get("add_host") instanceof Map<?, ?> add) {
            String name = String.valueOf(add.get("host_name"));
            List<String> groups = strings(add.get("groups"));
            changed = inventory.addHost(name, vars(add.get("host_vars")), groups);
            what = "add host " + name + " to the run's inventory" + (groups.isEmpty() ? "" : ", in " + groups);
        } else if (o.values().get("add_group") instanceof String group) {
            List<String> parents = strings(o.values().get("parent_groups"));
            changed = inventory.group(step.state.name(), group, parents);
            what = "put " + step.state.name() + " in group " + group + " of the run's inventory";
        } else {
            return o;
        }
        Map<String, Object> values = new LinkedHashMap<>(o.values());
        values.put("changed", changed);
        return new TaskOutcome(changed, false, o.message(), changed ? List.of(Change.of(what)) : List.of(), values,
                false);
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> l) {
            l.forEach(v -> out.add(String.valueOf(v)));
        }
        return out;
    }

    private static Map<String, Object> vars(Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
        }
        return out;
    }
}
