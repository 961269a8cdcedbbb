package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.event.Status;
import dev.kvmforge.runner.modules.Change;
import dev.kvmforge.runner.modules.Diff;
import dev.kvmforge.runner.modules.ModuleResult;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a task, or one of its loop items, came to on one host: whether it changed or failed or was skipped, its
 * message, the changes it made (or would make), and its values, which are what {@code register} keeps.
 *
 * @param changed whether it changed the host (or would have, in check mode)
 * @param failed  whether it failed
 * @param message the result's message, or null
 * @param changes the changes it made, with their diffs (none unless it changed)
 * @param values  its registered values, with {@code changed}, {@code failed} and, where given, {@code msg}
 * @param skipped whether it did not run ({@code when} was false, or every loop item was skipped)
 */
record TaskOutcome(boolean changed, boolean failed, String message, List<Change> changes, Map<String, Object> values,
                   boolean skipped) {

    /** A task that failed with {@code message} before or while its module ran. */
    static TaskOutcome failed(String message) {
        return new TaskOutcome(false, true, message, List.of(),
                ModuleResult.valuesInOrder("changed", false, "failed", true, "msg", message), false);
    }

    /** A task (or item) whose {@code when} was false, registering {@code values}. */
    static TaskOutcome skipped(Map<String, Object> values) {
        return new TaskOutcome(false, false, null, List.of(), values, true);
    }

    /** A step that ran without a module result of its own (gathering facts), or failed with {@code message}. */
    static TaskOutcome bare(boolean failed, String message) {
        return new TaskOutcome(false, failed, message, List.of(), Map.of(), false);
    }

    /** The status it reports: failed, else skipped, else changed or ok. */
    Status status() {
        if (failed) {
            return Status.FAILED;
        }
        if (skipped) {
            return Status.SKIPPED;
        }
        return changed ? Status.CHANGED : Status.OK;
    }

    /** The text changes among its changes. */
    List<Diff> diffs() {
        return changes.stream().map(Change::diff).filter(Objects::nonNull).toList();
    }

    /** The same outcome registering {@code other} values. */
    TaskOutcome withValues(Map<String, Object> other) {
        return new TaskOutcome(changed, failed, message, changes, other, skipped);
    }
}
