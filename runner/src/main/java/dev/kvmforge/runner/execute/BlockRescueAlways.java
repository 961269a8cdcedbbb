package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.playbook.Block;
import dev.kvmforge.runner.playbook.TaskNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code block}, {@code rescue} and {@code always}: the block's tasks; on the hosts that failed in them, the rescue,
 * which sees the failure as {@code ansible_failed_task} and {@code ansible_failed_result} (a host it brings through
 * counts as rescued, and goes on); then, on every host still in the play, the always part,
 * after which a host that had failed is failed again.
 */
final class BlockRescueAlways {

    /** Runs a part of a block (a list of tasks and blocks) on hosts; returns the hosts that failed in it. */
    @FunctionalInterface
    interface Part {
        Set<HostState> run(List<TaskNode> nodes, List<HostState> hosts);
    }

    private BlockRescueAlways() {
    }

    static void run(Block block, List<HostState> active, Part part) {
        Set<HostState> failedInBlock = part.run(block.block(), active);
        failedInBlock.removeIf(h -> h.unreachable);
        if (!block.rescue().isEmpty() && !failedInBlock.isEmpty()) {
            List<HostState> toRescue = new ArrayList<>(failedInBlock);
            toRescue.forEach(h -> {
                synchronized (h) {
                    h.failed = false;
                    if (h.failedTask != null) {
                        h.runVars.put("ansible_failed_task", h.failedTask);
                        h.runVars.put("ansible_failed_result", h.failedResult);
                    }
                }
            });
            part.run(block.rescue(), toRescue);
            toRescue.forEach(h -> {
                synchronized (h) {
                    h.runVars.remove("ansible_failed_task");
                    h.runVars.remove("ansible_failed_result");
                    h.failedTask = null;
                    h.failedResult = null;
                }
            });
            for (HostState h : toRescue) {
                if (!h.failed && !h.unreachable) {
                    h.rescued();
                }
            }
        }
        if (!block.always().isEmpty()) {
            List<HostState> all = active.stream().filter(h -> !h.unreachable && !h.ended).toList();
            Map<HostState, Boolean> wasFailed = new LinkedHashMap<>();
            all.forEach(h -> wasFailed.put(h, h.failed));
            all.forEach(h -> h.failed = false);
            part.run(block.always(), all);
            all.forEach(h -> h.failed = h.failed || wasFailed.get(h));
        }
    }
}
