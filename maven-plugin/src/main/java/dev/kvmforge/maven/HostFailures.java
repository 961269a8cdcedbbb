package dev.kvmforge.maven;

import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.EventListener;
import dev.kvmforge.runner.event.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the failed tasks and unreachable hosts of a run (failures with {@code ignore_errors} do not count), to name
 * the first in the one-line message the build fails with. The console output has shown them all already.
 */
final class HostFailures implements EventListener {

    private final List<Event.HostResult> failures = new ArrayList<>();

    @Override
    public synchronized void on(Event event) {
        if (event instanceof Event.HostResult r && r.item() == null
                && (r.status() == Status.FAILED && !r.ignored() || r.status() == Status.UNREACHABLE)) {
            failures.add(r);
        }
    }

    synchronized boolean isEmpty() {
        return failures.isEmpty();
    }

    /**
     * One line: {@code task 'Create the disk' failed on host kvm1 (site.yml:12:7): what went wrong; hint: ...}, or
     * {@code host kvm1 is unreachable (task 'Gather facts'): ...}, and how many more there are.
     */
    synchronized String message() {
        if (failures.isEmpty()) {
            return "";
        }
        Event.HostResult first = failures.get(0);
        StringBuilder b = new StringBuilder();
        if (first.status() == Status.UNREACHABLE) {
            b.append("host ").append(first.host()).append(" is unreachable (task '").append(first.task())
                    .append("')");
        } else {
            b.append("task '").append(first.task()).append("' failed on host ").append(first.host());
            if (first.location() != null) {
                b.append(" (").append(first.location()).append(')');
            }
        }
        String what = oneLine(first.message());
        b.append(": ").append(what.isEmpty() ? first.status().word() : what);
        int more = failures.size() - 1;
        if (more > 0) {
            b.append(" (and ").append(more).append(more == 1 ? " more failure" : " more failures")
                    .append(": see the log above)");
        }
        return b.toString();
    }

    /** A message of several lines (what, then the hint) as one: lines joined with "; ". */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        return String.join("; ", text.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }
}
