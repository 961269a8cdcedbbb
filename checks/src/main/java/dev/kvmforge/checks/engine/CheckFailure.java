package dev.kvmforge.checks.engine;

import dev.kvmforge.checks.model.CheckResult;

/**
 * A check that found the host wrong (FAIL). An {@link AssertionError}, so reports count it as a failure; its message
 * names the check, severity and host, says what was found and gives the hint. It carries no stack trace: the place in
 * kvmforge's code says nothing about the host.
 */
public final class CheckFailure extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final transient CheckResult result;

    public CheckFailure(CheckResult result) {
        super(describe(result));
        this.result = result;
    }

    public CheckResult result() {
        return result;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /** {@code HV-DEV-TUN [high] on web1: /dev/net/tun does not exist ...\n  hint: modprobe tun}. */
    static String describe(CheckResult r) {
        return r.checkId() + " [" + r.severity() + "] on " + r.host() + ": " + r.message()
                + (r.hint().isBlank() ? "" : "\n  hint: " + r.hint());
    }
}
