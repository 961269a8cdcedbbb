package dev.kvmforge.checks.report;

import dev.kvmforge.checks.HostReport;
import dev.kvmforge.checks.VerificationResult;
import dev.kvmforge.checks.model.CheckResult;

/**
 * A run counted by outcome, for summary lines and metrics. A waived FAIL counts as passed (and as waived).
 *
 * @param passed      PASS results, waived ones included
 * @param failed      FAIL results
 * @param warned      WARN results
 * @param skipped     SKIP results
 * @param errors      ERROR results (an unreachable host's checks included)
 * @param waived      PASS results that are waived FAILs
 * @param unreachable hosts that could not be checked
 */
public record RunTotals(int passed, int failed, int warned, int skipped, int errors, int waived, int unreachable) {

    /** The totals of {@code result}. */
    public static RunTotals of(VerificationResult result) {
        int[] n = new int[6];
        for (CheckResult r : result.results()) {
            n[r.outcome().ordinal()]++;
            if (r.waived()) {
                n[5]++;
            }
        }
        int unreachable = (int) result.hosts().stream().filter(HostReport::unreachable).count();
        // Outcome order: PASS, FAIL, WARN, SKIP, ERROR
        return new RunTotals(n[0], n[1], n[2], n[3], n[4], n[5], unreachable);
    }

    /**
     * {@code 12 passed, 1 failed, 2 warned, 1 skipped, 0 errors}, then {@code , 1 waived} and
     * {@code , 1 host unreachable} when there are any. CI reads the line by its start, {@code N passed, N failed}:
     * anything added goes at its end.
     */
    public String summaryLine() {
        StringBuilder s = new StringBuilder();
        s.append(passed).append(" passed, ").append(failed).append(" failed, ").append(warned).append(" warned, ")
                .append(skipped).append(" skipped, ").append(errors).append(errors == 1 ? " error" : " errors");
        if (waived > 0) {
            s.append(", ").append(waived).append(" waived");
        }
        if (unreachable > 0) {
            s.append(", ").append(unreachable).append(unreachable == 1 ? " host unreachable" : " hosts unreachable");
        }
        return s.toString();
    }
}
