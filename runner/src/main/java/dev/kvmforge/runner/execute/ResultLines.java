package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.connection.UnreachableException;
import dev.kvmforge.runner.error.SourceLocation;
import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.EventListener;
import dev.kvmforge.runner.event.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A task's result lines as events: one per host (and loop item), its warnings before it, censored under no_log. */
final class ResultLines {

    static final String CENSORED = "the output has been hidden due to the fact that 'no_log: true' was"
            + " specified for this result";

    private final EventListener events;

    ResultLines(EventListener events) {
        this.events = events;
    }

    /** Reports that {@code host} could not be reached for {@code task}. */
    void unreachable(String host, String task, SourceLocation at, UnreachableException e, long t0) {
        events.on(new Event.HostResult(host, task, at, Status.UNREACHABLE, null, e.getMessage(), List.of(), List.of(),
                Map.of(), false, Duration.ofNanos(System.nanoTime() - t0)));
    }

    /**
     * Reports {@code o} as the result line {@code at}: the module's warnings first, as Ansible prints them; with
     * {@code no_log} only that it was censored.
     */
    void report(ResultAt at, TaskOutcome o, boolean showDiff, boolean ignored, long t0, boolean noLog) {
        Duration d = Duration.ofNanos(System.nanoTime() - t0);
        Status status = o.status();
        if (noLog) {
            events.on(new Event.HostResult(at.host(), at.task(), at.location(), status,
                    at.item() == null ? null : "(censored)", status == Status.FAILED ? CENSORED : null, List.of(),
                    List.of(), Map.of("censored", CENSORED), ignored, d));
            return;
        }
        if (o.values().get("warnings") instanceof List<?> warnings) {
            for (Object w : warnings) {
                events.on(new Event.Warning(at.host(), String.valueOf(w)));
            }
        }
        events.on(new Event.HostResult(at.host(), at.task(), at.location(), status, at.item(), o.message(),
                o.changes(), showDiff ? o.diffs() : List.of(), o.values(), ignored, d));
    }
}
