package dev.kvmforge.checks.model;

import java.util.Locale;

/**
 * What a check found on one host.
 *
 * <ul>
 *   <li>{@link #PASS}: the host is as it should be;</li>
 *   <li>{@link #FAIL}: it is not, and the operator should act (see the hint);</li>
 *   <li>{@link #WARN}: worth knowing, not wrong enough to fail (virt-host-validate's WARN);</li>
 *   <li>{@link #SKIP}: the check does not apply to this host (e.g. AMD SEV on an Intel CPU);</li>
 *   <li>{@link #ERROR}: the check could not decide (a file it may not read, a probe that broke).</li>
 * </ul>
 */
public enum Outcome {
    PASS, FAIL, WARN, SKIP, ERROR;

    /** The outcome named in any case. */
    public static Outcome parse(String name) {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
    }
}
