/**
 * The executor: plays in order, tasks on their hosts (linear or free strategy, at most {@code forks} at once,
 * {@code serial} batches, each announced as the play again), blocks with rescue and always, loops, retries,
 * {@code run_once}, handlers; every step an event. A run stops (no new task) or aborts (what runs is interrupted, which
 * kills its commands) and still ends with its recap.
 *
 * <p>Imports {@code playbook}, {@code inventory}, {@code template}, {@code host}, {@code connection}, {@code modules},
 * {@code event} and {@code error}; never {@code report} or a door.
 */
package dev.kvmforge.runner.execute;
