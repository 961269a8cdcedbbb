package dev.kvmforge.checks.model;

import java.util.Objects;

/**
 * One check's outcome on one host, as a run reports it.
 *
 * @param host     the inventory name of the host
 * @param checkId  the check's id
 * @param title    the check's title ({@code /dev/kvm exists})
 * @param group    the id of the check's group ({@code hypervisor})
 * @param severity the check's severity
 * @param outcome  what was found; a waived FAIL is a PASS with {@code waived} set
 * @param message  what was seen (for SKIP: why it does not apply; for a waived FAIL: the waiver, then what was seen)
 * @param hint     what to do, empty for PASS and SKIP
 * @param waived   a FAIL turned into a PASS by a waiver that has not expired
 */
public record CheckResult(String host, String checkId, String title, String group, Severity severity,
                          Outcome outcome, String message, String hint, boolean waived) {

    public CheckResult {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(severity, "severity");
        title = title == null ? "" : title;
        group = group == null ? "" : group;
        message = message == null ? "" : message;
        hint = hint == null ? "" : hint;
    }

    /** The result of {@code check} on {@code host} with this verdict (not waived). */
    public static CheckResult of(String host, CheckInfo check, Verdict verdict) {
        return new CheckResult(host, check.id(), check.title(), check.group().id(), check.severity(),
                verdict.outcome(), verdict.message(), verdict.hint(), false);
    }

    /** The same result with another outcome and message, waived or not. */
    public CheckResult with(Outcome newOutcome, String newMessage, boolean isWaived) {
        return new CheckResult(host, checkId, title, group, severity, newOutcome, newMessage, hint, isWaived);
    }

    /** {@code HV-DEV-KVM: /dev/kvm exists}, as reports name the check. */
    public String displayName() {
        return title.isEmpty() ? checkId : checkId + ": " + title;
    }

    /** Whether this result fails a run whose threshold is {@code failOn}: a FAIL or ERROR of that severity or above. */
    public boolean failsAt(Severity failOn) {
        return (outcome == Outcome.FAIL || outcome == Outcome.ERROR) && severity.atLeast(failOn);
    }

    @Override
    public String toString() {
        return host + " " + checkId + " [" + severity + "] " + outcome + (waived ? " (waived)" : "") + ": " + message
                + (hint.isEmpty() ? "" : " (hint: " + hint + ")");
    }
}
