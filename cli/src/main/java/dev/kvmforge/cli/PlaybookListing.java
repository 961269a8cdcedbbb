package dev.kvmforge.cli;

import dev.kvmforge.runner.execute.RunOptions;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.inventory.InventoryHost;
import dev.kvmforge.runner.playbook.Play;
import dev.kvmforge.runner.playbook.Playbook;
import dev.kvmforge.runner.playbook.PlaybookParser;
import dev.kvmforge.runner.playbook.Task;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code --syntax-check}, {@code --list-hosts} and {@code --list-tasks} print, as ansible-playbook prints it:
 * the playbook, then per play its hosts (after {@code --limit} and {@code --slice}) and its tasks (after
 * {@code --tags}).
 */
final class PlaybookListing {

    private PlaybookListing() {
    }

    static void print(PrintWriter out, String shownName, Playbook playbook, Inventory inventory, RunOptions options,
                      boolean hosts, boolean tasks) {
        out.println();
        out.println("playbook: " + shownName);
        if (!hosts && !tasks) {
            return;
        }
        int n = 0;
        for (Play play : playbook.plays()) {
            n++;
            out.println();
            out.println("  play #" + n + " (" + play.hosts() + "): " + play.name());
            if (hosts) {
                List<InventoryHost> selected = selected(inventory, play, options);
                out.println("    pattern: ['" + play.hosts() + "']");
                out.println("    hosts (" + selected.size() + "):");
                selected.forEach(h -> out.println("      " + h.name()));
            }
            if (tasks) {
                out.println("    tasks:");
                for (Task t : PlaybookParser.allTasks(play.tasks())) {
                    if (!t.isMeta() && options.selects(t.options().tags())) {
                        out.println("      " + t.name() + "\tTAGS: [" + String.join(", ",
                                new TreeSet<>(t.options().tags())) + "]");
                    }
                }
            }
        }
        out.println();
    }

    private static List<InventoryHost> selected(Inventory inventory, Play play, RunOptions options) {
        List<InventoryHost> hosts = inventory.select(play.hosts());
        if (options.slice() != null) {
            hosts = hosts.stream().filter(h -> options.slice().contains(h.name())).toList();
        }
        if (options.limit() == null) {
            return hosts;
        }
        Set<String> allowed = new LinkedHashSet<>();
        inventory.select(options.limit()).forEach(h -> allowed.add(h.name()));
        return hosts.stream().filter(h -> allowed.contains(h.name())).toList();
    }
}
