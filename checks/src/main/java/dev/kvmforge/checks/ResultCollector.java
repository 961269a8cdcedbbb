package dev.kvmforge.checks;

import dev.kvmforge.checks.engine.CheckParameters;
import dev.kvmforge.checks.engine.CheckReportEntry;
import dev.kvmforge.checks.engine.HostChecksEngine;
import dev.kvmforge.checks.model.CheckResult;
import dev.kvmforge.checks.model.Outcome;
import dev.kvmforge.checks.model.Severity;
import dev.kvmforge.runner.error.KvmforgeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Listens to a run of the {@code kvmforge-checks} engine and gathers what it reports into a
 * {@link VerificationResult}: from the engine's events only, never by asking a host again. Reporters extend it and
 * write when a host is done ({@link #hostChecked}) or when the run is ({@link #runFinished}).
 */
public class ResultCollector implements TestExecutionListener {

    /** One host's results as they come. */
    private static final class HostState {
        final String name;
        String connection = "";
        Duration probeTime = Duration.ZERO;
        final List<CheckResult> results = new ArrayList<>();
        final Map<String, Duration> durations = new LinkedHashMap<>();
        String problem = "";

        HostState(String name) {
            this.name = name;
        }

        HostReport report() {
            return new HostReport(name, connection, results, durations, probeTime, problem);
        }
    }

    private final Map<String, HostState> hosts = new LinkedHashMap<>();
    private final Map<String, Integer> order = new HashMap<>();
    private final Map<UniqueId, Instant> started = new HashMap<>();
    private final List<String> runProblems = new ArrayList<>();
    private Instant runStarted = Instant.now();
    private Instant runFinished;
    private String slice;
    private List<String> sliceOf = List.of();

    @Override
    public final synchronized void testPlanExecutionStarted(TestPlan plan) {
        runStarted = Instant.now();
        slice = plan.getConfigurationParameters().get(CheckParameters.SLICE).orElse(null);
        sliceOf = plan.getConfigurationParameters().get(CheckParameters.SLICE_OF)
                .map(names -> List.of(names.split(","))).orElse(List.of());
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier h : plan.getChildren(root)) {
                if (type(h).equals(HostChecksEngine.HOST_SEGMENT)) {
                    order.putIfAbsent(h.getUniqueIdObject().getLastSegment().getValue(), order.size());
                }
            }
        }
    }

    @Override
    public final synchronized void executionStarted(TestIdentifier id) {
        started.put(id.getUniqueIdObject(), Instant.now());
    }

    @Override
    public final synchronized void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        if (id.isTest()) {
            CheckReportEntry.read(entry).ifPresent(r -> host(r.host()).results.add(r));
        } else if (type(id).equals(HostChecksEngine.HOST_SEGMENT)) {
            HostState h = host(id.getUniqueIdObject().getLastSegment().getValue());
            Map<String, String> m = entry.getKeyValuePairs();
            h.connection = m.getOrDefault("kvmforge.connection", h.connection);
            h.probeTime = Duration.ofMillis(Long.parseLong(m.getOrDefault("kvmforge.probeMillis", "0")));
        }
    }

    @Override
    public final synchronized void executionSkipped(TestIdentifier id, String reason) {
        UniqueId uid = id.getUniqueIdObject();
        String type = type(id);
        if (type.equals(HostChecksEngine.HOST_SEGMENT)) {
            HostState h = host(uid.getLastSegment().getValue());
            h.problem = "not checked: " + reason;
            hostChecked(h.report());
        } else if (type.equals(HostChecksEngine.CHECK_SEGMENT)) {
            String checkId = uid.getLastSegment().getValue();
            String display = id.getDisplayName();
            String title = display.startsWith(checkId + ": ") ? display.substring(checkId.length() + 2) : display;
            Severity severity = id.getTags().stream().map(t -> t.getName()).filter(t -> t.startsWith("severity:"))
                    .findFirst().map(t -> Severity.parse(t.substring("severity:".length()))).orElse(Severity.INFO);
            String host = segment(uid, HostChecksEngine.HOST_SEGMENT).orElse("");
            host(host).results.add(new CheckResult(host, checkId, title,
                    segment(uid, HostChecksEngine.GROUP_SEGMENT).orElse(""), severity, Outcome.SKIP, reason, "",
                    false));
        }
    }

    @Override
    public final synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
        UniqueId uid = id.getUniqueIdObject();
        String type = type(id);
        Instant start = started.remove(uid);
        if (id.isTest()) {
            String host = segment(uid, HostChecksEngine.HOST_SEGMENT).orElse("");
            if (start != null) {
                host(host).durations.put(uid.getLastSegment().getValue(), Duration.between(start, Instant.now()));
            }
            return;
        }
        String why = result.getThrowable().map(t -> t instanceof KvmforgeException k ? k.what()
                : t.getMessage() == null ? t.toString() : t.getMessage()).orElse(result.getStatus().toString());
        if (type.equals(HostChecksEngine.HOST_SEGMENT)) {
            HostState h = host(uid.getLastSegment().getValue());
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                h.problem = why;
            }
            hostChecked(h.report());
        } else if (uid.getSegments().size() == 1 && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            runProblems.add(why);
        }
    }

    @Override
    public final void testPlanExecutionFinished(TestPlan plan) {
        VerificationResult r;
        synchronized (this) {
            runFinished = Instant.now();
            r = result();
        }
        runFinished(r);
    }

    /**
     * Called when a host is done (or could not be checked), with its results so far; events arrive one at a time.
     * Does nothing here.
     */
    protected void hostChecked(HostReport host) {
    }

    /** Called once when the run is over, with everything it found. Does nothing here. */
    protected void runFinished(VerificationResult result) {
    }

    /** What the run has found so far. */
    public synchronized VerificationResult result() {
        List<HostReport> reports = hosts.values().stream()
                .sorted(Comparator.comparingInt(h -> order.getOrDefault(h.name, Integer.MAX_VALUE)))
                .map(HostState::report).toList();
        return new VerificationResult(reports, runProblems, runStarted,
                runFinished == null ? Instant.now() : runFinished, slice, sliceOf);
    }

    private HostState host(String name) {
        return hosts.computeIfAbsent(name, HostState::new);
    }

    private static String type(TestIdentifier id) {
        return id.getUniqueIdObject().getLastSegment().getType();
    }

    private static Optional<String> segment(UniqueId uid, String type) {
        return uid.getSegments().stream().filter(s -> s.getType().equals(type)).map(UniqueId.Segment::getValue)
                .findFirst();
    }
}
