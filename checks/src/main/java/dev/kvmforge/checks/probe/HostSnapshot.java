package dev.kvmforge.checks.probe;

import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.host.Host;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the probes read on one host at one moment; checks evaluate this, never the host itself. Each probe's output is
 * read into its value once, on first use, and kept.
 *
 * @see ProbeBatch
 */
public final class HostSnapshot {

    /** The exit status of {@code timeout} when it killed the command. */
    private static final int TIMEOUT_STATUS = 124;

    private final String hostName;
    private final String root;
    private final Map<String, ProbeOutput> outputs;
    private final Duration took;
    private final String incomplete;
    private final Host host;
    private final Map<String, Object> values = new ConcurrentHashMap<>();

    /**
     * A snapshot from outputs already split by probe.
     *
     * @param incomplete why some probes may be missing (the command timed out...), or null
     */
    public HostSnapshot(String hostName, String root, Map<String, ProbeOutput> outputs, Duration took,
                        String incomplete) {
        this(hostName, root, outputs, took, incomplete, null);
    }

    private HostSnapshot(String hostName, String root, Map<String, ProbeOutput> outputs, Duration took,
                         String incomplete, Host host) {
        this.host = host;
        this.hostName = Objects.requireNonNull(hostName, "hostName");
        this.root = ProbeBatch.normalizeRoot(root);
        this.outputs = Map.copyOf(outputs);
        this.took = took == null ? Duration.ZERO : took;
        this.incomplete = incomplete;
    }

    /** Runs {@code probes} on {@code host} as one command and keeps what they printed. */
    public static HostSnapshot take(Host host, Collection<? extends Probe<?>> probes, String root) {
        return take(host, probes, root, ProbeBatch.DEFAULT_TIMEOUT);
    }

    /**
     * As {@link #take(Host, Collection, String)}, the probes allowed {@code timeout} together; when they overrun it,
     * those that finished keep their answers and the others say which probe hung.
     *
     * @throws dev.kvmforge.runner.error.KvmforgeException when the command cannot run or overruns that
     */
    public static HostSnapshot take(Host host, Collection<? extends Probe<?>> probes, String root,
                                    Duration timeout) {
        ProbeBatch batch = ProbeBatch.of(probes, root, timeout);
        ExecResult r = host.withTimeout(batch.commandTimeout()).run(batch.script());
        Map<String, ProbeOutput> outputs = batch.read(r.stdout());
        String incomplete = null;
        if (outputs.size() != batch.probes().size()) {
            String hung = batch.hung(r.stdout());
            incomplete = hung != null && r.exitStatus() == TIMEOUT_STATUS
                    ? "probe '" + hung + "' did not finish within " + timeout.toSeconds() + "s and was killed, with the"
                            + " probes after it"
                    : "the probe command ended early (exit status " + r.exitStatus() + ")"
                            + (r.stderr().isBlank() ? "" : ": " + r.stderr().strip());
        }
        return new HostSnapshot(host.name(), batch.root(), outputs, r.duration(), incomplete, host);
    }

    /**
     * The host the snapshot was taken on, for checks that must run commands of their own (users' Java checks).
     *
     * @throws IllegalStateException for a snapshot built from recorded outputs
     */
    public Host liveHost() {
        if (host == null) {
            throw new IllegalStateException("no live host behind this snapshot of " + hostName
                    + ": it was built from recorded outputs");
        }
        return host;
    }

    /** The inventory name of the host. */
    public String hostName() {
        return hostName;
    }

    /** The directory that stood in for {@code /} for the probes reading files ({@code /}: the host's own). */
    public String root() {
        return root;
    }

    /** How long the probe command took. */
    public Duration took() {
        return took;
    }

    /** How many probes answered. */
    public int probeCount() {
        return outputs.size();
    }

    /** What {@code probe} printed, as it printed it. */
    public ProbeOutput output(Probe<?> probe) {
        ProbeOutput out = outputs.get(probe.name());
        if (out == null) {
            throw new IllegalStateException("probe '" + probe.name() + "' gave no output"
                    + (incomplete != null ? ": " + incomplete : ": it was not run for this check"));
        }
        return out;
    }

    /** The value {@code probe} read, read on first use. */
    @SuppressWarnings("unchecked")
    public <T> T get(Probe<T> probe) {
        Object v = values.get(probe.name());
        if (v == null) {
            v = Objects.requireNonNull(probe.reader().apply(output(probe)),
                    () -> "probe '" + probe.name() + "' read nothing");
            values.putIfAbsent(probe.name(), v);
        }
        return (T) v;
    }

    @Override
    public String toString() {
        return "HostSnapshot[" + hostName + ", root " + root + ", " + outputs.size() + " probes, " + took.toMillis()
                + " ms]";
    }
}
