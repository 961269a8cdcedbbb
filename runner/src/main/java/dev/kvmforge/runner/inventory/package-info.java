/**
 * Inventories as Ansible writes them: INI and YAML files, groups with {@code children}, host and group variables,
 * {@code host_vars/} and {@code group_vars/} folders, and host patterns ({@code --limit}).
 *
 * <p>Imports {@code yaml} and {@code error}.
 */
package dev.kvmforge.runner.inventory;
