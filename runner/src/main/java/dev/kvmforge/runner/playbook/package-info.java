/**
 * Playbooks as Ansible writes them (the subset people use): plays, tasks, blocks with rescue and always, handlers,
 * and their keywords, read strictly with file:line:column for every error.
 *
 * <p>Imports {@code yaml}, {@code modules} (to know module names and parameters; arguments without a template are bound
 * as they are read), {@code template} (to tell which arguments are templates) and {@code error}.
 */
package dev.kvmforge.runner.playbook;
