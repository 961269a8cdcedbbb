package dev.kvmforge.checks.model;

import dev.kvmforge.checks.probe.HostSnapshot;

/** How a check decides: from what the probes read on one host, never by running commands itself. */
@FunctionalInterface
public interface Evaluation {

    /**
     * The verdict for the host the snapshot was taken on. An exception thrown here becomes an {@link Outcome#ERROR}
     * naming the check.
     */
    Verdict evaluate(HostSnapshot host);
}
