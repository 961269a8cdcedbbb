package dev.kvmforge.checks.model;

import java.util.Objects;

/**
 * One check's outcome on one host, as a run reports it.
 *
 * @param host     the inventory name of the host
 * @param checkId  the check's id
 * @param severity the check's severity
 * @param outcome  what was found
 * @param message  what was seen (for SKIP: why it does not apply)
 * @param hint     what to do, empty for PASS and SKIP
 */
public record CheckResult(String host, String checkId, Severity severity, Outcome outcome, String message,
                          String hint) {

    public CheckResult {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(outcome, "outcome");
        message = message == null ? "" : message;
        hint = hint == null ? "" : hint;
    }

    @Override
    public String toString() {
        return host + " " + checkId + " [" + severity + "] " + outcome + ": " + message
                + (hint.isEmpty() ? "" : " (hint: " + hint + ")");
    }
}
