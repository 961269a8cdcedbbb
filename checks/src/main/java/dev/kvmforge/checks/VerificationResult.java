package dev.kvmforge.checks;

import dev.kvmforge.checks.model.CheckResult;
import dev.kvmforge.checks.model.Outcome;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a verification run found: one result per check and host, the hosts that could not be checked, and problems of
 * the run itself (an inventory that cannot be read, a check id that names nothing).
 *
 * @param results      every check outcome, in the order they were reported
 * @param hostProblems hosts that could not be checked (unreachable, probe command failed)
 * @param runProblems  problems that stopped the run or part of it
 */
public record VerificationResult(List<CheckResult> results, List<HostProblem> hostProblems, List<String> runProblems) {

    /**
     * A host that could not be checked.
     *
     * @param host    its inventory name
     * @param message why
     */
    public record HostProblem(String host, String message) {
    }

    public VerificationResult {
        results = List.copyOf(results);
        hostProblems = List.copyOf(hostProblems);
        runProblems = List.copyOf(runProblems);
    }

    /** The outcome of {@code checkId} on {@code host}. */
    public Optional<CheckResult> result(String host, String checkId) {
        return results.stream().filter(r -> r.host().equals(host) && r.checkId().equals(checkId)).findFirst();
    }

    /** The results with this outcome. */
    public List<CheckResult> withOutcome(Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).toList();
    }

    /** How many results have each outcome. */
    public Map<Outcome, Integer> counts() {
        Map<Outcome, Integer> m = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            m.put(o, 0);
        }
        results.forEach(r -> m.merge(r.outcome(), 1, Integer::sum));
        return m;
    }

    /** No FAIL, no ERROR, every host checked, no run problem. WARN and SKIP do not count against it. */
    public boolean passed() {
        return hostProblems.isEmpty() && runProblems.isEmpty()
                && results.stream().noneMatch(r -> r.outcome() == Outcome.FAIL || r.outcome() == Outcome.ERROR);
    }
}
