/**
 * The executor: plays in order, tasks on their hosts (linear or free strategy, at most {@code forks} at once,
 * {@code serial} batches), blocks with rescue and always, loops, retries, handlers; every step an event.
 *
 * <p>Imports {@code playbook}, {@code inventory}, {@code template}, {@code host}, {@code connection}, {@code modules},
 * {@code event} and {@code error}; never {@code report} or a door.
 */
package dev.kvmforge.runner.execute;
