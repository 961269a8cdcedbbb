/**
 * Playbooks as Ansible writes them (the subset people use): plays, tasks, blocks with rescue and always, handlers,
 * and their keywords, read strictly with file:line:column for every error.
 *
 * <p>Imports {@code yaml}, {@code modules} (to know module names and parameters) and {@code error}.
 */
package dev.kvmforge.runner.playbook;
