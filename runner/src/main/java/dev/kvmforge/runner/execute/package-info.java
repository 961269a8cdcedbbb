/**
 * The executor: plays in order, tasks on their hosts (linear or free strategy, at most {@code forks} at once,
 * {@code serial} batches, each announced as the play again), blocks with rescue and always, loops, retries,
 * {@code run_once}, handlers; every step an event. A run stops (no new task) or aborts (what runs is interrupted, which
 * kills its commands) and still ends with its recap.
 *
 * <p>{@code PlaybookExecutor} walks plays, batches and the task tree ({@code BlockRescueAlways} for blocks);
 * {@code TaskRunner} drives one task on one host through the stages of {@code TaskStages} (a {@code TaskStage} per
 * keyword family: {@code when}, check mode, become/environment, timeout, -vvv echo, retries, changed/failed_when,
 * ignore_errors, register, notify), phase by phase: prepare, skip?, execute around the one {@code ModuleInvocation},
 * after, and finish once the task (all loop items) ended. What a task came to is one {@code TaskOutcome}; the result
 * lines are {@code ResultLines}' events. To add a task keyword: parse it in {@code playbook.TaskOptions}, write a
 * {@code TaskStage} overriding the phases it takes part in, and list it in {@code TaskStages}.
 *
 * <p>Imports {@code playbook}, {@code inventory}, {@code template}, {@code host}, {@code connection}, {@code modules},
 * {@code event} and {@code error}; never {@code report} or a door.
 */
package dev.kvmforge.runner.execute;
