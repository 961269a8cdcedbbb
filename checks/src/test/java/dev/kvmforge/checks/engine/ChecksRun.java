package dev.kvmforge.checks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/** Reads the events of an EngineTestKit run of the checks engine: by host and check id. */
public record ChecksRun(EngineExecutionResults results) {

    public List<Event> events(String host, String checkId) {
        return results.allEvents().stream().filter(e -> is(e.getTestDescriptor(), host, checkId)).toList();
    }

    /** The check's finishing result (empty when it was skipped). */
    public Optional<TestExecutionResult> finished(String host, String checkId) {
        return events(host, checkId).stream().filter(e -> e.getType() == EventType.FINISHED).findFirst()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class));
    }

    /** Why the check was skipped (empty when it ran). */
    public Optional<String> skipped(String host, String checkId) {
        return events(host, checkId).stream().filter(e -> e.getType() == EventType.SKIPPED).findFirst()
                .map(e -> e.getRequiredPayload(String.class));
    }

    /** The check's published report entry. */
    public Map<String, String> entry(String host, String checkId) {
        List<Map<String, String>> entries = events(host, checkId).stream()
                .filter(e -> e.getType() == EventType.REPORTING_ENTRY_PUBLISHED)
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs()).toList();
        assertEquals(1, entries.size(), "report entries of " + checkId + " on " + host);
        return entries.get(0);
    }

    /** The outcome the check's report entry (or its skipping) says. */
    public String outcome(String host, String checkId) {
        if (skipped(host, checkId).isPresent()) {
            return "SKIP";
        }
        return entry(host, checkId).get(CheckReportEntry.OUTCOME);
    }

    /** The failure a FAIL or ERROR check finished with. */
    public Throwable throwable(String host, String checkId) {
        return finished(host, checkId).flatMap(TestExecutionResult::getThrowable)
                .orElseThrow(() -> new AssertionError(checkId + " on " + host + " did not fail"));
    }

    private static boolean is(TestDescriptor d, String host, String checkId) {
        UniqueId id = d.getUniqueId();
        return id.getLastSegment().getType().equals(HostChecksEngine.CHECK_SEGMENT)
                && id.getLastSegment().getValue().equals(checkId)
                && id.getSegments().stream().anyMatch(s -> s.getType().equals(HostChecksEngine.HOST_SEGMENT)
                && s.getValue().equals(host));
    }
}
