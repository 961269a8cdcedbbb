/**
 * kvmforge's runner: playbooks and inventories in, events out.
 *
 * <p>The public Java API lives here ({@link dev.kvmforge.runner.PlaybookRun}); the packages below follow the flow of
 * data: {@code yaml} and {@code playbook}/{@code inventory} read input, {@code template} renders it, {@code host} and
 * {@code connection} reach machines, {@code modules} plan and apply, {@code execute} orders it all and emits
 * {@code event}s, and {@code report} turns events into console, JSON lines and JUnit XML.
 */
package dev.kvmforge.runner;
