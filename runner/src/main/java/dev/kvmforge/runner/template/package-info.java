/**
 * Ansible-style templating with Jinjava: {@code {{ }}} in arguments, bare expressions in {@code when},
 * {@code changed_when}, {@code failed_when} and {@code until}, and the filters and tests playbooks commonly use.
 *
 * <p>{@link dev.kvmforge.runner.template.Templar} is the entry point. Undefined variables behave as Ansible's strict
 * undefined (see {@code Undefined}); values print as Python prints them; Ansible's filters and tests that Jinjava lacks
 * or means differently are registered over Jinjava's ({@code AnsibleFilters}, {@code AnsibleTests}).
 *
 * <p>Imports only {@code error}, {@code yaml} and {@code connection.Shell} (for the {@code quote} filter).
 */
package dev.kvmforge.runner.template;
