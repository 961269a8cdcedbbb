package dev.kvmforge.checks.engine;

import dev.kvmforge.checks.model.CheckResult;

/**
 * A check that could not decide (ERROR): not an {@link AssertionError}, so reports count it as an error, not a
 * failure. The cause, when there is one, is kept for the highest verbosity; the message alone is meant to be enough.
 */
public final class CheckError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient CheckResult result;

    public CheckError(CheckResult result, Throwable cause) {
        super(CheckFailure.describe(result), cause, false, false);
        this.result = result;
    }

    public CheckResult result() {
        return result;
    }
}
