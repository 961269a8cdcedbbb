package dev.kvmforge.checks.engine;

import dev.kvmforge.checks.model.Check;
import dev.kvmforge.checks.model.CheckResult;
import dev.kvmforge.checks.model.Verdict;
import dev.kvmforge.checks.probe.HostSnapshot;
import dev.kvmforge.checks.probe.Probe;
import dev.kvmforge.runner.connection.Connection;
import dev.kvmforge.runner.connection.ConnectionSpec;
import dev.kvmforge.runner.connection.ConnectionVars;
import dev.kvmforge.runner.connection.Connector;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.inventory.InventoryHost;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;

/**
 * Checks one host: opens its connection, runs the probes of all its checks as one command, evaluates each check on
 * that snapshot and reports each outcome. A host that cannot be reached (or whose probe command cannot run) fails its
 * container; its groups are skipped with the reason.
 */
final class HostVerification implements Runnable {

    private final HostDescriptor descriptor;
    private final EngineSettings settings;
    private final Connector connector;
    private final EngineExecutionListener listener;
    private final CancellationToken cancellation;

    HostVerification(HostDescriptor descriptor, EngineSettings settings, Connector connector,
                     EngineExecutionListener listener, CancellationToken cancellation) {
        this.descriptor = descriptor;
        this.settings = settings;
        this.connector = connector;
        this.listener = listener;
        this.cancellation = cancellation;
    }

    @Override
    public void run() {
        if (cancellation.isCancellationRequested()) {
            listener.executionSkipped(descriptor, "the run was cancelled");
            return;
        }
        listener.executionStarted(descriptor);
        InventoryHost inventoryHost = descriptor.host();
        HostSnapshot snapshot;
        try {
            ConnectionSpec spec = ConnectionVars.spec(inventoryHost.name(), inventoryHost.vars(), settings.overrides());
            Connection connection = connector.open(inventoryHost.name(), spec);
            Host host = new Host(inventoryHost.name(), connection);
            snapshot = HostSnapshot.take(host, probes(), root(), settings.timeout());
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put(CheckReportEntry.HOST, inventoryHost.name());
            entry.put("kvmforge.connection", connection.describe());
            entry.put("kvmforge.root", snapshot.root());
            entry.put("kvmforge.probes", String.valueOf(snapshot.probeCount()));
            entry.put("kvmforge.probeMillis", String.valueOf(snapshot.took().toMillis()));
            listener.reportingEntryPublished(descriptor, ReportEntry.from(entry));
        } catch (RuntimeException e) {
            String reason = "not checked: " + firstLine(e.getMessage() == null ? e.toString() : e.getMessage());
            descriptor.getChildren().forEach(g -> listener.executionSkipped(g, reason));
            listener.executionFinished(descriptor, TestExecutionResult.failed(e));
            return;
        }
        for (TestDescriptor group : descriptor.getChildren()) {
            listener.executionStarted(group);
            for (TestDescriptor child : group.getChildren()) {
                if (cancellation.isCancellationRequested()) {
                    listener.executionSkipped(child, "the run was cancelled");
                } else {
                    report((CheckDescriptor) child, snapshot);
                }
            }
            listener.executionFinished(group, TestExecutionResult.successful());
        }
        listener.executionFinished(descriptor, TestExecutionResult.successful());
    }

    /** The root for this host's file-reading probes: its {@code kvmforge_root} variable, else the engine's. */
    private String root() {
        Object own = descriptor.host().vars().get(CheckParameters.ROOT_VARIABLE);
        return own != null ? String.valueOf(own) : settings.root();
    }

    private Set<Probe<?>> probes() {
        Set<Probe<?>> all = new LinkedHashSet<>();
        for (TestDescriptor group : descriptor.getChildren()) {
            for (TestDescriptor child : group.getChildren()) {
                all.addAll(((CheckDescriptor) child).check().probes());
            }
        }
        return all;
    }

    private void report(CheckDescriptor d, HostSnapshot snapshot) {
        Check check = d.check();
        Verdict v = check.evaluate(snapshot);
        CheckResult r = new CheckResult(descriptor.host().name(), check.id(), check.info().severity(), v.outcome(),
                v.message(), v.hint());
        if (v.outcome() == dev.kvmforge.checks.model.Outcome.SKIP) {
            listener.executionSkipped(d, v.message());
            return;
        }
        listener.executionStarted(d);
        listener.reportingEntryPublished(d, CheckReportEntry.of(r));
        TestExecutionResult result = switch (v.outcome()) {
            case PASS, WARN, SKIP -> TestExecutionResult.successful();
            case FAIL -> TestExecutionResult.failed(new CheckFailure(r));
            case ERROR -> TestExecutionResult.failed(new CheckError(r, v.cause()));
        };
        listener.executionFinished(d, result);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
