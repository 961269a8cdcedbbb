package dev.kvmforge.runner.event;

import dev.kvmforge.runner.error.SourceLocation;
import dev.kvmforge.runner.modules.Change;
import dev.kvmforge.runner.modules.Diff;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One step of a run. The records below are all the kinds there are. */
public sealed interface Event {

    /**
     * The run began.
     *
     * @param slice          {@code I/N} for a run of one slice of the hosts ({@code --slice}), or null
     * @param inventoryHosts for a slice's run: every host of the inventory in its order, so that
     *                       {@code kvmforge report merge} can put the slices' hosts back in the order one run has;
     *                       empty otherwise
     */
    record RunStarted(Instant at, String playbook, boolean checkMode, boolean diffMode, String slice,
                      List<String> inventoryHosts) implements Event {

        public RunStarted {
            inventoryHosts = inventoryHosts == null ? List.of() : List.copyOf(inventoryHosts);
        }

        /** A run of every host. */
        public RunStarted(Instant at, String playbook, boolean checkMode, boolean diffMode) {
            this(at, playbook, checkMode, diffMode, null, List.of());
        }
    }

    /**
     * A play began on these hosts (after {@code hosts:} and {@code --limit}); with {@code serial}, each batch of
     * hosts begins the play again.
     *
     * @param strategy {@code linear} or {@code free}
     */
    record PlayStarted(String name, String hostPattern, List<String> hosts, String strategy) implements Event {

        /** A play with the linear strategy. */
        public PlayStarted(String name, String hostPattern, List<String> hosts) {
            this(name, hostPattern, hosts, "linear");
        }
    }

    /**
     * A task (or a handler) began: once per task and batch of hosts, when the first host of the batch starts it (in a
     * free play, hosts start it at different times).
     */
    record TaskStarted(String name, String module, SourceLocation location, boolean handler) implements Event {
    }

    /**
     * A task finished on a host (for a loop: one per item, with {@code item} set, then one without).
     *
     * @param host     inventory name
     * @param task     task name
     * @param location where the task is written
     * @param status   ok, changed, failed, skipped or unreachable
     * @param item     the loop item's label, or null
     * @param message  what the module said (for failures: what went wrong, and the hint on the next line)
     * @param changes  what changed (or would, in check mode)
     * @param diffs    text changes for {@code --diff}
     * @param values   the result as {@code register} sees it
     * @param ignored  a failure with {@code ignore_errors}
     * @param duration how long the task took on this host
     */
    record HostResult(String host, String task, SourceLocation location, Status status, String item, String message,
                      List<Change> changes, List<Diff> diffs, Map<String, Object> values, boolean ignored,
                      Duration duration) implements Event {
    }

    /**
     * A task failed its {@code until} condition on a host and will run again after its delay.
     *
     * @param retriesLeft how many more times it may run
     * @param values      the result of the attempt that did not satisfy {@code until}
     */
    record Retrying(String host, String task, SourceLocation location, int retriesLeft, Map<String, Object> values)
            implements Event {
    }

    /** A line of output from a command on a host, as it comes (shown with -vvv and in the progress line). */
    record HostOutput(String host, String task, boolean stderr, String line) implements Event {
    }

    /**
     * A command the runner sent to a host (shown with -vvv). The become password never is in it (sudo reads it on
     * stdin); a secret a task's template put in it is masked, as in every event, by {@link SecretMask}.
     */
    record HostCommand(String host, String task, String command) implements Event {
    }

    /** Something the operator should know that is not a failure. */
    record Warning(String host, String message) implements Event {
    }

    /** The per-host totals at the end. */
    record Recap(Map<String, HostStats> hosts) implements Event {
    }

    /** The run ended with this exit code. */
    record RunFinished(int exitCode, Duration duration, boolean interrupted) implements Event {
    }
}
