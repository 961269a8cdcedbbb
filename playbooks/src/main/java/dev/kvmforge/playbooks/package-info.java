/**
 * The playbooks shipped with kvmforge ({@code kvm-host}, ...), found by name on the class path, and
 * {@link dev.kvmforge.playbooks.PlaybookFile}, which every door uses to turn "a file or a shipped name" into a file
 * to run.
 *
 * <p>Imports only the runner's {@code error} package; the doors (CLI, Maven plugin) import this one.
 */
package dev.kvmforge.playbooks;
