package dev.kvmforge.checks.engine;

import dev.kvmforge.checks.model.Check;
import dev.kvmforge.checks.model.CheckResult;
import dev.kvmforge.checks.model.Outcome;
import dev.kvmforge.checks.model.Verdict;
import dev.kvmforge.checks.probe.HostSnapshot;
import dev.kvmforge.checks.probe.Probe;
import dev.kvmforge.checks.waiver.Waivers;
import dev.kvmforge.runner.connection.Connection;
import dev.kvmforge.runner.connection.ConnectionSpec;
import dev.kvmforge.runner.connection.ConnectionVars;
import dev.kvmforge.runner.connection.Connector;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.inventory.InventoryHost;
import java.time.LocalDate;
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
 * that snapshot, applies the waivers and reports each outcome. A host that cannot be reached (or whose probe command
 * cannot run) reports every one of its checks as ERROR with the reason, and fails its container with the cause.
 */
final class HostVerification implements Runnable {

    private final HostDescriptor descriptor;
    private final EngineSettings settings;
    private final Waivers waivers;
    private final Connector connector;
    private final EngineExecutionListener listener;
    private final CancellationToken cancellation;

    HostVerification(HostDescriptor descriptor, EngineSettings settings, Waivers waivers, Connector connector,
                     EngineExecutionListener listener, CancellationToken cancellation) {
        this.descriptor = descriptor;
        this.settings = settings;
        this.waivers = waivers;
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
            notChecked(e);
            return;
        }
        LocalDate today = LocalDate.now();
        for (TestDescriptor group : descriptor.getChildren()) {
            listener.executionStarted(group);
            for (TestDescriptor child : group.getChildren()) {
                if (cancellation.isCancellationRequested()) {
                    listener.executionSkipped(child, "the run was cancelled");
                } else {
                    CheckDescriptor d = (CheckDescriptor) child;
                    Verdict v = d.check().evaluate(snapshot);
                    report(d, waivers.apply(inventoryHost, CheckResult.of(inventoryHost.name(), d.check().info(), v),
                            today), v.cause());
                }
            }
            listener.executionFinished(group, TestExecutionResult.successful());
        }
        listener.executionFinished(descriptor, TestExecutionResult.successful());
    }

    /** The host could not be checked: each check is an ERROR saying why, and the host container fails. */
    private void notChecked(RuntimeException e) {
        String why = firstLine(e instanceof KvmforgeException k ? k.what() : e.getMessage() == null ? e.toString()
                : e.getMessage());
        String hint = e instanceof KvmforgeException k ? k.hint().orElse("") : "";
        for (TestDescriptor group : descriptor.getChildren()) {
            listener.executionStarted(group);
            for (TestDescriptor child : group.getChildren()) {
                CheckDescriptor d = (CheckDescriptor) child;
                report(d, CheckResult.of(descriptor.host().name(), d.check().info(),
                        Verdict.error("not checked: " + why, hint)), e);
            }
            listener.executionFinished(group, TestExecutionResult.successful());
        }
        listener.executionFinished(descriptor, TestExecutionResult.failed(e));
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

    /**
     * Reports one result: SKIP as skipped with the reason; anything else started, with its entry, and finished as
     * JUnit sees it (a FAIL or ERROR below the fail-on severity is successful to the platform).
     */
    private void report(CheckDescriptor d, CheckResult r, Throwable cause) {
        if (r.outcome() == Outcome.SKIP) {
            listener.executionSkipped(d, r.message());
            return;
        }
        listener.executionStarted(d);
        listener.reportingEntryPublished(d, CheckReportEntry.of(r));
        TestExecutionResult result;
        if (!r.failsAt(settings.failOn())) {
            result = TestExecutionResult.successful();
        } else if (r.outcome() == Outcome.FAIL) {
            result = TestExecutionResult.failed(new CheckFailure(r));
        } else {
            result = TestExecutionResult.failed(new CheckError(r, cause));
        }
        listener.executionFinished(d, result);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
