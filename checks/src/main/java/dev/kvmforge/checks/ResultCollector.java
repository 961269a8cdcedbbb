package dev.kvmforge.checks;

import dev.kvmforge.checks.engine.CheckReportEntry;
import dev.kvmforge.checks.engine.HostChecksEngine;
import dev.kvmforge.checks.model.CheckResult;
import dev.kvmforge.checks.model.Outcome;
import dev.kvmforge.checks.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/** Listens to a run of the engine and gathers a {@link VerificationResult}. */
final class ResultCollector implements TestExecutionListener {

    private final List<CheckResult> results = new ArrayList<>();
    private final List<VerificationResult.HostProblem> hostProblems = new ArrayList<>();
    private final List<String> runProblems = new ArrayList<>();

    @Override
    public synchronized void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        if (id.isTest()) {
            CheckReportEntry.read(entry).ifPresent(results::add);
        }
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier id, String reason) {
        UniqueId uid = id.getUniqueIdObject();
        if (!uid.getLastSegment().getType().equals(HostChecksEngine.CHECK_SEGMENT)) {
            return;
        }
        Severity severity = id.getTags().stream().map(t -> t.getName())
                .filter(t -> t.startsWith("severity:")).findFirst()
                .map(t -> Severity.parse(t.substring("severity:".length()))).orElse(Severity.INFO);
        results.add(new CheckResult(segment(uid, HostChecksEngine.HOST_SEGMENT).orElse(""),
                uid.getLastSegment().getValue(), severity, Outcome.SKIP, reason, ""));
    }

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL || id.isTest()) {
            return;
        }
        String why = result.getThrowable().map(t -> t.getMessage() == null ? t.toString() : t.getMessage())
                .orElse(result.getStatus().toString());
        UniqueId uid = id.getUniqueIdObject();
        if (uid.getLastSegment().getType().equals(HostChecksEngine.HOST_SEGMENT)) {
            hostProblems.add(new VerificationResult.HostProblem(uid.getLastSegment().getValue(), why));
        } else {
            runProblems.add(why);
        }
    }

    private static Optional<String> segment(UniqueId uid, String type) {
        return uid.getSegments().stream().filter(s -> s.getType().equals(type)).map(UniqueId.Segment::getValue)
                .findFirst();
    }

    synchronized VerificationResult result() {
        return new VerificationResult(results, hostProblems, runProblems);
    }
}
