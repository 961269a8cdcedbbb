package dev.kvmforge.checks;

import dev.kvmforge.checks.model.CheckResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one host's checks found, as reporters show it.
 *
 * @param host       the inventory name
 * @param connection how it was reached ({@code ssh kvmtest@127.0.0.1:2222}); empty when it was not
 * @param results    its checks' results, in the order reported
 * @param durations  how long each check took to report, by check id (evaluation only: the probes ran before)
 * @param probeTime  how long the host's one probe command took
 * @param problem    why the host could not be checked (unreachable...), or empty
 */
public record HostReport(String host, String connection, List<CheckResult> results, Map<String, Duration> durations,
                         Duration probeTime, String problem) {

    public HostReport {
        Objects.requireNonNull(host, "host");
        connection = connection == null ? "" : connection;
        results = List.copyOf(results);
        durations = Map.copyOf(durations);
        probeTime = probeTime == null ? Duration.ZERO : probeTime;
        problem = problem == null ? "" : problem;
    }

    /** Whether the host could not be checked. */
    public boolean unreachable() {
        return !problem.isEmpty();
    }

    /** How long {@code r}'s check took, zero when unknown. */
    public Duration duration(CheckResult r) {
        return durations.getOrDefault(r.checkId(), Duration.ZERO);
    }
}
