package dev.kvmforge.runner.playbook;

import dev.kvmforge.runner.error.SourceLocation;
import dev.kvmforge.runner.modules.Module;
import dev.kvmforge.runner.yaml.YamlMap;
import java.util.List;
import java.util.Map;

/**
 * One task: a module with its arguments and the keywords around it. The options already include those of the
 * enclosing blocks and play.
 *
 * @param name        the name as written, or the module name when there is none
 * @param module      the module, or null for {@code meta}
 * @param moduleName  the module name as written ({@code ansible.builtin.copy} stays so)
 * @param args        the arguments, not yet rendered (a map; free-form text is under the module's free-form key)
 * @param argsNode    the arguments as read, for the location of each key (null for free-form text)
 * @param options     when, tags, become, environment, vars, check_mode, ignore_errors
 * @param register    variable to store the result in, or null
 * @param loop        the loop (a list, or a template that gives one), or null
 * @param loopControl loop_var, index_var, label, pause, extended
 * @param notifyHandlers handlers to notify when the task changes something
 * @param changedWhen condition that decides changed, or null
 * @param failedWhen  condition that decides failed, or null
 * @param until       condition to retry until, or null
 * @param retries     number of retries with until (default 3)
 * @param delay       seconds between retries (default 5)
 * @param timeout     seconds each command of the task may run (0: the default)
 * @param listen      for handlers: the topics it also listens to
 * @param role        the role the task belongs to, or null
 * @param location    where the task is written
 */
public record Task(String name, Module<?> module, String moduleName, Map<String, Object> args, YamlMap argsNode,
                   TaskOptions options, String register, Object loop, LoopControl loopControl, List<String> notifyHandlers,
                   Object changedWhen, Object failedWhen, Object until, int retries, int delay, int timeout, List<String> listen,
                   Role role, SourceLocation location) implements TaskNode {

    /**
     * {@code loop_control}.
     *
     * @param loopVar          the loop variable's name ({@code item})
     * @param indexVar         a variable for the item's index from 0, or null
     * @param label            what to print for each item instead of the item, or null
     * @param pause            seconds to wait between items
     * @param extended         give each item {@code ansible_loop} (index, first, last, length...)
     * @param extendedAllitems with {@code extended}: include {@code ansible_loop.allitems}
     * @param breakWhen        conditions checked after each item (with its result registered): when all hold, the
     *                         loop ends there
     */
    public record LoopControl(String loopVar, String indexVar, String label, double pause, boolean extended,
                              boolean extendedAllitems, List<Object> breakWhen) {
        public static final LoopControl DEFAULT = new LoopControl("item", null, null, 0, false, true, List.of());

        public LoopControl {
            breakWhen = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(breakWhen));
        }

        public LoopControl(String loopVar, String indexVar, String label, double pause, boolean extended,
                           boolean extendedAllitems) {
            this(loopVar, indexVar, label, pause, extended, extendedAllitems, List.of());
        }
    }

    /** The name as Ansible shows it: {@code role : name} for a task of a role. */
    public String shownName() {
        return role == null ? name : role.qualify(name);
    }

    /** This handler, also listening to {@code topic} (a role's handler answers to {@code role : name} too). */
    /** This task also notifying {@code more} when it changes something (an import's {@code notify}). */
    public Task notifying(List<String> more) {
        List<String> all = new java.util.ArrayList<>(notifyHandlers);
        more.stream().filter(h -> !all.contains(h)).forEach(all::add);
        return new Task(name, module, moduleName, args, argsNode, options, register, loop, loopControl, List.copyOf(all),
                changedWhen, failedWhen, until, retries, delay, timeout, listen, role, location);
    }

    public Task listening(String topic) {
        List<String> all = new java.util.ArrayList<>(listen);
        all.add(topic);
        return new Task(name, module, moduleName, args, argsNode, options, register, loop, loopControl, notifyHandlers,
                changedWhen, failedWhen, until, retries, delay, timeout, List.copyOf(all), role, location);
    }

    /** Whether this is {@code meta: ACTION}. */
    public boolean isMeta() {
        return module == null;
    }

    /** Where argument {@code key} is written, or the task's own location. */
    public SourceLocation argLocation(String key) {
        return argsNode == null ? location : argsNode.keyLocation(key);
    }
}
