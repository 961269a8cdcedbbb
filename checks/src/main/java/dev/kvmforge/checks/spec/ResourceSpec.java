package dev.kvmforge.checks.spec;

import dev.kvmforge.checks.model.Verdict;
import dev.kvmforge.checks.probe.HostSnapshot;
import dev.kvmforge.checks.probe.Probe;
import java.util.List;

/**
 * What one spec check tests: a file, package, service, command, kernel parameter, port, process, user or group, and
 * the state expected of it. Each reads the host through probes (joined with every other check's into one command per
 * host) and decides from the snapshot.
 */
sealed interface ResourceSpec permits FileSpec, PackageSpec, ServiceSpec, CommandSpec, SysctlSpec, PortSpec,
        ProcessSpec, UserSpec, GroupSpec {

    /** The probes it reads. */
    List<Probe<?>> probes();

    /** The verdict on the host the snapshot was taken on. */
    Verdict evaluate(HostSnapshot host);

    /** A verdict from what did not match: FAIL listing them, else PASS with {@code passed}. */
    static Verdict verdict(List<String> mismatches, String passed) {
        return mismatches.isEmpty() ? Verdict.pass(passed) : Verdict.fail(String.join("; ", mismatches));
    }

    /** {@code text} cut to its first line and at most 200 characters, for messages. */
    static String excerpt(String text) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        String first = nl < 0 ? t : t.substring(0, nl) + " ...";
        return first.length() > 200 ? first.substring(0, 200) + " ..." : first;
    }
}
