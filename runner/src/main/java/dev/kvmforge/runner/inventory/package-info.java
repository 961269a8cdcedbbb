/**
 * Inventories as Ansible writes them: INI and YAML files or a directory of them, host ranges and {@code host:port},
 * groups with {@code children}, host and group variables merged with Ansible's precedence, {@code host_vars/} and
 * {@code group_vars/} folders, host patterns ({@code hosts:}, {@code --limit}), and the {@code ansible-inventory
 * --list/--host/--graph} views, with secret variables masked. {@link dev.kvmforge.runner.inventory.InventoryHost#isSecret}
 * is the one list of secret variable names: the views mask them and a run masks their values in every event.
 *
 * <p>Public: {@link dev.kvmforge.runner.inventory.Inventory}, {@link dev.kvmforge.runner.inventory.InventoryHost},
 * {@link dev.kvmforge.runner.inventory.Group}, {@link dev.kvmforge.runner.inventory.HostPattern}. Everything else is
 * the readers' machinery. Connection variables stay plain variables; mapping them to connections belongs to
 * {@code connection}.
 *
 * <p>Imports {@code yaml} and {@code error} only.
 */
package dev.kvmforge.runner.inventory;
