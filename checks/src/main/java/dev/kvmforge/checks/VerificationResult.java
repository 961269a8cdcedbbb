package dev.kvmforge.checks;

import dev.kvmforge.checks.model.CheckResult;
import dev.kvmforge.checks.model.Outcome;
import dev.kvmforge.checks.model.Severity;
import dev.kvmforge.runner.error.ErrorKind;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a verification run found: each host's results (or why it could not be checked), and problems of the run itself
 * (an inventory that cannot be read, a check id that names nothing).
 *
 * @param hosts       each host, in inventory order
 * @param runProblems problems that stopped the run or part of it
 * @param started     when the run started
 * @param finished    when it finished
 * @param slice          {@code I/N} for a run of one slice of the hosts ({@code --slice}), or null
 * @param inventoryHosts for a slice's run: every host within the limit in inventory order, so that
 *                       {@code kvmforge report merge} can put the slices' hosts back in one run's order; else empty
 */
public record VerificationResult(List<HostReport> hosts, List<String> runProblems, Instant started, Instant finished,
                                 String slice, List<String> inventoryHosts) {

    /** Exit code: every check passed, or none failed at or above the fail-on severity. */
    public static final int OK = 0;
    /** Exit code: the run itself could not go on (see {@link #runProblems()}). */
    public static final int RUN_ERROR = ErrorKind.GENERAL.exitCode();
    /** Exit code: a check failed (or could not decide) at or above the fail-on severity. */
    public static final int CHECK_FAILED = ErrorKind.TASK.exitCode();
    /** Exit code: a host could not be checked, and no check failed on the others. */
    public static final int HOST_UNREACHABLE = ErrorKind.UNREACHABLE.exitCode();

    /**
     * A host that could not be checked.
     *
     * @param host    its inventory name
     * @param message why
     */
    public record HostProblem(String host, String message) {
    }

    public VerificationResult {
        hosts = List.copyOf(hosts);
        runProblems = List.copyOf(runProblems);
        inventoryHosts = inventoryHosts == null ? List.of() : List.copyOf(inventoryHosts);
    }

    /** What a run of every host found. */
    public VerificationResult(List<HostReport> hosts, List<String> runProblems, Instant started, Instant finished) {
        this(hosts, runProblems, started, finished, null, List.of());
    }

    /** Every check outcome, host by host. */
    public List<CheckResult> results() {
        return hosts.stream().flatMap(h -> h.results().stream()).toList();
    }

    /** The hosts that could not be checked. */
    public List<HostProblem> hostProblems() {
        return hosts.stream().filter(HostReport::unreachable).map(h -> new HostProblem(h.host(), h.problem())).toList();
    }

    /** The outcome of {@code checkId} on {@code host}. */
    public Optional<CheckResult> result(String host, String checkId) {
        return results().stream().filter(r -> r.host().equals(host) && r.checkId().equals(checkId)).findFirst();
    }

    /** The results with this outcome. */
    public List<CheckResult> withOutcome(Outcome outcome) {
        return results().stream().filter(r -> r.outcome() == outcome).toList();
    }

    /** How many results have each outcome. */
    public Map<Outcome, Integer> counts() {
        Map<Outcome, Integer> m = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            m.put(o, 0);
        }
        results().forEach(r -> m.merge(r.outcome(), 1, Integer::sum));
        return m;
    }

    /** No FAIL, no ERROR, every host checked, no run problem. WARN and SKIP do not count against it. */
    public boolean passed() {
        return hostProblems().isEmpty() && runProblems.isEmpty()
                && results().stream().noneMatch(r -> r.outcome() == Outcome.FAIL || r.outcome() == Outcome.ERROR);
    }

    /**
     * The results that fail a run whose threshold is {@code failOn}: FAILs and ERRORs of that severity or above, on
     * hosts that could be checked (an unreachable host's errors are its problem, not its checks').
     */
    public List<CheckResult> failures(Severity failOn) {
        return hosts.stream().filter(h -> !h.unreachable()).flatMap(h -> h.results().stream())
                .filter(r -> r.failsAt(failOn)).toList();
    }

    /**
     * The exit code, as ansible-playbook's: {@value #RUN_ERROR} for a run problem, else {@value #CHECK_FAILED} when a
     * check failed at or above {@code failOn}, else {@value #HOST_UNREACHABLE} when a host could not be checked, else
     * {@value #OK}.
     */
    public int exitCode(Severity failOn) {
        if (!runProblems.isEmpty()) {
            return RUN_ERROR;
        }
        if (!failures(failOn).isEmpty()) {
            return CHECK_FAILED;
        }
        return hostProblems().isEmpty() ? OK : HOST_UNREACHABLE;
    }
}
