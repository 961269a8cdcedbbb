package dev.kvmforge.runner.playbook;

import dev.kvmforge.runner.error.SourceLocation;
import java.util.List;
import java.util.Map;

/**
 * A play: hosts, variables, tasks and handlers.
 *
 * @param name        the name (the host pattern when there is none)
 * @param hosts       the host pattern
 * @param vars        play variables, not yet rendered
 * @param varsFiles   variable files, relative to the playbook
 * @param gatherFacts whether to gather facts first: the play's {@code gather_facts}, else as ansible.cfg's
 *                    {@code gathering} says (implicit: yes, explicit: no, smart: once per host in a run)
 * @param strategy    linear (default) or free
 * @param serial      batch sizes ({@code 2}, {@code "30%"}, a list of them); empty for all at once
 * @param tasks       pre_tasks, tasks and post_tasks, in that order
 * @param handlers    handlers, in the order written: tasks, and includes a notification runs by their name
 * @param remoteUser  login user for the play, or null
 * @param connection  {@code local} or {@code ssh} for every host of the play, or null to follow the inventory
 * @param anyErrorsFatal a failure on one host ends the play on all
 * @param roles       the roles the play reads, in the order read (dependencies first): their defaults and vars are
 *                    the play's, below a role's own for its tasks, as Ansible exposes them
 * @param directory   the directory of the playbook file the play is written in ({@code vars_files} are relative to
 *                    it)
 * @param location    where the play is written
 */
public record Play(String name, String hosts, Map<String, Object> vars, List<String> varsFiles, FactGathering gatherFacts,
                   String strategy, List<Object> serial, List<TaskNode> tasks, List<TaskNode> handlers, String remoteUser,
                   String connection, boolean anyErrorsFatal, List<Role> roles, java.nio.file.Path directory,
                   SourceLocation location) {

    public Play {
        vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
        varsFiles = List.copyOf(varsFiles);
        serial = List.copyOf(serial);
        tasks = List.copyOf(tasks);
        handlers = List.copyOf(handlers);
        roles = List.copyOf(roles);
    }
}
