package dev.kvmforge.maven;

import dev.kvmforge.checks.VerificationResult;
import dev.kvmforge.checks.model.CheckResult;
import dev.kvmforge.checks.model.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * The message a verification that did not pass fails the build with: a first line saying how many checks failed at
 * or above {@code failOn} and how many hosts could not be checked, then one line per failing check ({@code host
 * CHECK-ID [severity]: what was seen; hint: what to do}) and per unreachable host, at most {@value #MAX_LINES}, then
 * how many more. The console report above has shown them all.
 */
final class CheckFailures {

    /** Lines listed before "and N more". */
    static final int MAX_LINES = 10;

    private CheckFailures() {
    }

    /** Whether {@code result} fails the build at {@code failOn}: a failing check, or a host not checked. */
    static boolean failsBuild(VerificationResult result, Severity failOn) {
        return !result.failures(failOn).isEmpty() || !result.hostProblems().isEmpty();
    }

    /** The message, starting with {@code goal: }; empty when {@link #failsBuild} is false. */
    static String message(String goal, VerificationResult result, Severity failOn) {
        List<CheckResult> failed = result.failures(failOn);
        List<VerificationResult.HostProblem> unreachable = result.hostProblems();
        if (failed.isEmpty() && unreachable.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        if (!failed.isEmpty()) {
            parts.add(count(failed.size(), "check") + " failed at or above severity " + failOn);
        }
        if (!unreachable.isEmpty()) {
            parts.add(count(unreachable.size(), "host") + " could not be checked");
        }
        List<String> lines = new ArrayList<>();
        for (CheckResult r : failed) {
            lines.add(r.host() + " " + r.checkId() + " [" + r.severity() + "]: " + what(r));
        }
        for (VerificationResult.HostProblem p : unreachable) {
            lines.add("host " + p.host() + " is unreachable: " + HostFailures.oneLine(p.message()));
        }
        StringBuilder b = new StringBuilder(goal).append(": ").append(String.join(", ", parts)).append(':');
        lines.stream().limit(MAX_LINES).forEach(l -> b.append("\n  ").append(l));
        if (lines.size() > MAX_LINES) {
            b.append("\n  and ").append(lines.size() - MAX_LINES).append(" more: see the log above");
        }
        return b.toString();
    }

    private static String what(CheckResult r) {
        String message = HostFailures.oneLine(r.message());
        String text = message.isEmpty() ? r.outcome().name() : message;
        return r.hint().isBlank() ? text : text + "; hint: " + HostFailures.oneLine(r.hint());
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
