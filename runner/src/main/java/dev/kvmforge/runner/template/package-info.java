/**
 * Ansible-style templating with Jinjava: {@code {{ }}} in arguments, bare expressions in {@code when},
 * {@code changed_when}, {@code failed_when} and {@code until}, and the filters and tests playbooks commonly use.
 *
 * <p>Imports only {@code error} and {@code yaml}.
 */
package dev.kvmforge.runner.template;
