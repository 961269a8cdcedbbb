package dev.kvmforge.checks.model;

import java.util.Objects;

/**
 * What one evaluation says: an outcome, a message for the operator, and, when it knows better than the check's
 * general hint, a specific one.
 *
 * @param outcome what was found
 * @param message what was seen, in a sentence or two (never empty)
 * @param hint    what to do, or empty for the check's general hint
 * @param cause   for {@link Outcome#ERROR}, what broke (may be null)
 */
public record Verdict(Outcome outcome, String message, String hint, Throwable cause) {

    public Verdict {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
        if (message.isBlank()) {
            throw new IllegalArgumentException("a verdict needs a message");
        }
        hint = hint == null ? "" : hint;
    }

    public static Verdict pass(String message) {
        return new Verdict(Outcome.PASS, message, "", null);
    }

    public static Verdict fail(String message) {
        return new Verdict(Outcome.FAIL, message, "", null);
    }

    public static Verdict fail(String message, String hint) {
        return new Verdict(Outcome.FAIL, message, hint, null);
    }

    public static Verdict warn(String message) {
        return new Verdict(Outcome.WARN, message, "", null);
    }

    public static Verdict warn(String message, String hint) {
        return new Verdict(Outcome.WARN, message, hint, null);
    }

    /** The check does not apply to this host; {@code reason} says why. */
    public static Verdict skip(String reason) {
        return new Verdict(Outcome.SKIP, reason, "", null);
    }

    /** The check could not decide. */
    public static Verdict error(String message, String hint) {
        return new Verdict(Outcome.ERROR, message, hint, null);
    }

    /** The check could not decide because {@code cause} was thrown. */
    public static Verdict error(String message, Throwable cause) {
        return new Verdict(Outcome.ERROR, message, "", cause);
    }

    /** This verdict, with the check's general hint when it has none of its own. */
    public Verdict orHint(String general) {
        return hint.isEmpty() && general != null && !general.isEmpty()
                ? new Verdict(outcome, message, general, cause) : this;
    }
}
