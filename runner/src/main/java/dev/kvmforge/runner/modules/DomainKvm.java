package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.host.KvmFacts;
import dev.kvmforge.runner.libvirt.Libvirt;
import java.util.Set;

/**
 * Whether libvirt on a host can run {@code type='kvm'} domains, and if not why: libvirt's own capabilities decide
 * (they list {@code kvm} for the host's architecture only where QEMU can use /dev/kvm); in a dry run on a host where
 * libvirt is not there yet, the host's KVM probe ({@link KvmFacts}) stands in for them. The reason always comes from
 * the probe, in the operator's words.
 *
 * @param usable whether a kvm domain can be defined and started
 * @param facts  the host's KVM facts, read only when KVM is not usable (null otherwise)
 */
record DomainKvm(boolean usable, KvmFacts facts) {

    static DomainKvm of(Host host, Libvirt libvirt) {
        Set<String> types = libvirt.domainTypes();
        if (types.contains("kvm")) {
            return new DomainKvm(true, null);
        }
        KvmFacts facts = KvmFacts.gather(host);
        return new DomainKvm(types.isEmpty() && facts.usable(), facts);
    }

    /** Why KVM cannot be used, one clause. */
    String why() {
        if (facts == null) {
            return "";
        }
        return facts.usable() ? "libvirt lists no kvm domain type in its capabilities although /dev/kvm works for"
                + " the login user (can QEMU's user open /dev/kvm? see virsh domcapabilities --virttype kvm)"
                : facts.explain();
    }

    /** Fails, naming the host, the domain and the parameter that goes on, unless KVM is usable. */
    void require(Host host, String domain) {
        if (usable) {
            return;
        }
        String hint = "domain_type: auto runs the guest under KVM where KVM works and under software emulation"
                + " (much slower) elsewhere, domain_type: qemu always emulates; in the kvm-host and vm playbooks:"
                + " -e kvm_required=false" + (facts.hint().isEmpty() ? "" : ". To get KVM: " + facts.hint());
        throw new KvmforgeException(ErrorKind.TASK, "domain_type kvm: domain " + domain + " needs KVM, which "
                + host.name() + " cannot offer: " + why(), host.name(), hint);
    }
}
