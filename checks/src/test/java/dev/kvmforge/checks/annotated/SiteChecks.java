package dev.kvmforge.checks.annotated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kvmforge.checks.model.Severity;
import dev.kvmforge.checks.model.Verdict;
import dev.kvmforge.runner.host.Host;

/** Users' Java checks as a project writes them: one of each way a check can end. */
@HostCheckGroup(id = "site", title = "Site rules")
public class SiteChecks {

    @HostCheck(id = "SITE-KERNEL", title = "The kernel is Linux", severity = Severity.HIGH, tags = "kernel",
            rationale = "KVM is a Linux feature", references = "https://docs.kernel.org/virt/kvm/")
    void kernelIsLinux(Host host) {
        assertEquals("Linux", host.check("uname -s").strip());
    }

    @HostCheck(id = "SITE-HOSTNAME", title = "The host is named for the fleet", severity = Severity.LOW,
            hint = "hostnamectl set-hostname kvm-NN")
    void hostNamedForTheFleet(Host host) {
        String name = host.check("echo not-kvm-01").strip();
        assertEquals("kvm-01", name, "the host is called " + name);
    }

    @HostCheck(id = "SITE-VERDICT", title = "A check may return a verdict")
    Verdict verdict(Host host) {
        return Verdict.warn("seen on " + host.name(), "look closer");
    }

    @HostCheck(id = "SITE-ASSUMED", title = "A check may not apply")
    void assumed(Host host) {
        assumeTrue(false, "only on hosts with GPUs");
    }

    @HostCheck(id = "SITE-BROKEN", title = "A check that breaks is an error")
    static void broken(Host host) {
        throw new IllegalStateException("the site database is down");
    }
}
