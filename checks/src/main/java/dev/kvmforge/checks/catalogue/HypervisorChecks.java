package dev.kvmforge.checks.catalogue;

import static dev.kvmforge.checks.model.CheckGroup.HYPERVISOR;

import dev.kvmforge.checks.model.Check;
import dev.kvmforge.checks.model.Severity;
import dev.kvmforge.checks.model.Verdict;
import dev.kvmforge.checks.probe.CgroupControllers;
import dev.kvmforge.checks.probe.DeviceNode;
import dev.kvmforge.checks.probe.HostSnapshot;
import dev.kvmforge.checks.probe.IommuState;
import dev.kvmforge.checks.probe.LoginUser;
import dev.kvmforge.checks.probe.Probes;
import dev.kvmforge.checks.probe.SecureGuestSupport;
import dev.kvmforge.runner.host.KvmFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code HV-*}: can this host run KVM guests well? The same ground as {@code virt-host-validate qemu}, decided by what
 * the host really does rather than by CPU flags alone.
 */
public final class HypervisorChecks {

    private static final String VIRT_HOST_VALIDATE = "https://libvirt.org/manpages/virt-host-validate.html";

    private HypervisorChecks() {
    }

    /** The hypervisor checks, in report order. */
    public static List<Check> all() {
        return List.of(cpuVirtualization(), devKvm(), devKvmAccess(), devVhostNet(), devTun(), cgroups(), iommu(),
                secureGuest());
    }

    /** HV-CPU-VIRT: KVM can create a VM; the flags are reported, not trusted. */
    static Check cpuVirtualization() {
        return Check.define("HV-CPU-VIRT", "Hardware virtualization is usable by KVM")
                .group(HYPERVISOR).severity(Severity.CRITICAL).tags("kvm", "performance")
                .rationale("Without KVM, QEMU emulates the CPU (TCG) and guests run many times slower. The CPU flags"
                        + " do not decide it: a hypervisor may hide vmx/svm from a host whose nested /dev/kvm works,"
                        + " and firmware may disable a CPU that shows them. So /dev/kvm is opened and a VM is created"
                        + " through the KVM API (KVM_CREATE_VM).")
                .hint("enable VT-x/AMD-V in the firmware (or nested virtualization on the hypervisor running this"
                        + " host), then load kvm_intel or kvm_amd")
                .reference("https://docs.kernel.org/virt/kvm/api.html").reference(VIRT_HOST_VALIDATE)
                .reads(Probes.KVM)
                .evaluates(HypervisorChecks::cpuVirtualizationVerdict);
    }

    static Verdict cpuVirtualizationVerdict(HostSnapshot host) {
        KvmFacts k = host.get(Probes.KVM);
        if (k.biosLock() == KvmFacts.BiosLock.DISABLED) {
            return Verdict.fail("virtualization is turned off in the firmware (the CPU's lock bits say so): "
                    + k.explain(), k.hint());
        }
        if (k.usable()) {
            String api = k.apiVersion() > 0 ? " (KVM API " + k.apiVersion() + ")" : "";
            String how = k.probe() == KvmFacts.TriedWith.KVM_API ? "a VM was created through /dev/kvm" + api
                    : "QEMU ran with -accel kvm and query-kvm answered enabled";
            if (k.cpuFlagShown()) {
                return Verdict.pass(how + "; the CPU shows " + k.cpuFlag());
            }
            List<String> why = new ArrayList<>();
            if (k.hypervisorFlag()) {
                why.add("its CPU says it runs under a hypervisor");
            }
            if (!k.hostVirt().equals("none")) {
                why.add("virtualization detected: " + k.hostVirt());
            }
            String modules = k.modules().isEmpty() ? "" : "; kvm modules: " + String.join(" ", k.modules());
            String pvm = k.modules().contains("kvm_pvm")
                    ? " (kvm_pvm runs guests without vmx/svm, on a host that is itself a guest)" : "";
            return Verdict.pass(how + ", although /proc/cpuinfo shows no vmx/svm: the flags are hidden from this host"
                    + (why.isEmpty() ? "" : " (" + String.join("; ", why) + ")") + modules + pvm
                    + ". KVM works here; a flags-only test such as virt-host-validate wrongly reports FAIL");
        }
        if (!k.devKvm()) {
            return Verdict.fail(k.explain(), k.hint());
        }
        String err = k.probeError();
        if (err.startsWith("cannot open")) {
            if (k.cpuFlagShown()) {
                return Verdict.pass("the CPU shows " + k.cpuFlag() + " and /dev/kvm exists; the login user cannot"
                        + " open it (" + err + "): see HV-DEV-KVM-ACCESS");
            }
            return Verdict.warn("/dev/kvm exists but the login user cannot open it (" + err + ") and the CPU shows no"
                    + " vmx/svm, so whether KVM works cannot be told: see HV-DEV-KVM-ACCESS", k.hint());
        }
        if (k.probe() == KvmFacts.TriedWith.NONE) {
            if (k.cpuFlagShown()) {
                return Verdict.pass("the CPU shows " + k.cpuFlag() + " and /dev/kvm exists (not tried: " + err + ")");
            }
            return Verdict.warn("/dev/kvm exists but was not tried (" + err + ") and the CPU shows no vmx/svm",
                    k.hint());
        }
        return Verdict.fail(k.explain(), k.hint());
    }

    /** HV-DEV-KVM: the device node exists. */
    static Check devKvm() {
        return Check.define("HV-DEV-KVM", "/dev/kvm exists")
                .group(HYPERVISOR).severity(Severity.CRITICAL).tags("kvm")
                .rationale("QEMU reaches KVM only through the /dev/kvm character device, created when a kvm module"
                        + " (kvm_intel, kvm_amd...) is loaded.")
                .hint("load the module for the CPU: modprobe kvm_intel or modprobe kvm_amd")
                .reference("https://docs.kernel.org/virt/kvm/api.html").reference(VIRT_HOST_VALIDATE)
                .reads(Probes.DEVICES, Probes.KVM)
                .evaluates(host -> {
                    DeviceNode kvm = host.get(Probes.DEVICES).get("/dev/kvm");
                    if (kvm.isCharacterDevice()) {
                        return Verdict.pass(kvm.describe());
                    }
                    if (kvm.exists()) {
                        return Verdict.fail(kvm.describe() + " is not a character device");
                    }
                    KvmFacts k = host.get(Probes.KVM);
                    return Verdict.fail("/dev/kvm does not exist: " + k.explain(), k.hint());
                });
    }

    /** HV-DEV-KVM-ACCESS: the login user may open /dev/kvm. */
    static Check devKvmAccess() {
        return Check.define("HV-DEV-KVM-ACCESS", "/dev/kvm is accessible to the login user")
                .group(HYPERVISOR).severity(Severity.HIGH).tags("kvm", "access")
                .rationale("QEMU runs as the libvirt QEMU user (or the session user for qemu:///session) and opens"
                        + " /dev/kvm read-write; the device is normally mode 0660 root:kvm, so users need the kvm"
                        + " group.")
                .hint("add the user to the kvm group (usermod -aG kvm USER, or the user module with groups: [kvm] and"
                        + " append: true), then log in again")
                .reference("https://libvirt.org/drvqemu.html#posix-users-groups").reference(VIRT_HOST_VALIDATE)
                .reads(Probes.DEVICES, Probes.KVM, Probes.LOGIN_USER)
                .evaluates(HypervisorChecks::devKvmAccessVerdict);
    }

    static Verdict devKvmAccessVerdict(HostSnapshot host) {
        DeviceNode node = host.get(Probes.DEVICES).get("/dev/kvm");
        if (!node.exists()) {
            return Verdict.skip("there is no /dev/kvm to open (see HV-DEV-KVM)");
        }
        KvmFacts k = host.get(Probes.KVM);
        LoginUser user = host.get(Probes.LOGIN_USER);
        boolean tried = k.probe() == KvmFacts.TriedWith.KVM_API;
        boolean access = tried ? !k.probeError().startsWith("cannot open") : node.readWrite();
        if (access) {
            String how;
            if (user.isRoot()) {
                how = "as root";
            } else if ((node.mode() & 06) == 06) {
                how = "as anyone may (mode " + String.format("%04o", node.mode()) + ")";
            } else if (user.groups().contains(node.group()) && (node.mode() & 060) == 060) {
                how = "through group " + node.group();
            } else if (user.name().equals(node.owner())) {
                how = "as its owner";
            } else {
                how = "through an ACL or capability";
            }
            return Verdict.pass(user.name() + " opens /dev/kvm read-write " + how + (tried ? " (tried)" : "") + ": "
                    + node.describe());
        }
        String message = user.name() + " cannot open /dev/kvm: " + node.describe()
                + (k.probeError().isEmpty() ? "" : "; " + k.probeError());
        String u = user.name();
        if (user.listedInKvmGroup() && !user.inKvmGroup()) {
            return Verdict.fail(message, u + " is listed in group kvm but this login session does not have it yet:"
                    + " log in again (a new SSH connection)");
        }
        if ("kvm".equals(node.group())) {
            return Verdict.fail(message, "add " + u + " to group kvm (usermod -aG kvm " + u + "), then log in again");
        }
        return Verdict.fail(message, "give /dev/kvm mode 0660 and group kvm (the udev rule shipped with QEMU does),"
                + " then add " + u + " to group kvm");
    }

    /** HV-DEV-VHOST: vhost-net offloads virtio networking into the kernel (WARN when missing, as virt-host-validate). */
    static Check devVhostNet() {
        return Check.define("HV-DEV-VHOST", "/dev/vhost-net exists")
                .group(HYPERVISOR).severity(Severity.LOW).tags("network", "performance")
                .rationale("With vhost-net the kernel moves virtio-net packets instead of QEMU's userspace: less"
                        + " latency and CPU per packet. Guests work without it, slower.")
                .hint("load the module: modprobe vhost_net (and list vhost_net in /etc/modules to keep it)")
                .reference("https://www.linux-kvm.org/page/UsingVhost").reference(VIRT_HOST_VALIDATE)
                .reads(Probes.DEVICES)
                .evaluates(host -> {
                    DeviceNode n = host.get(Probes.DEVICES).get("/dev/vhost-net");
                    if (n.isCharacterDevice()) {
                        return Verdict.pass(n.describe());
                    }
                    return Verdict.warn(n.exists() ? n.describe() + " is not a character device"
                            : "/dev/vhost-net does not exist: virtio networking runs in QEMU's userspace, slower");
                });
    }

    /** HV-DEV-TUN: guest NICs on bridges and networks are tap devices (FAIL when missing, as virt-host-validate). */
    static Check devTun() {
        return Check.define("HV-DEV-TUN", "/dev/net/tun exists")
                .group(HYPERVISOR).severity(Severity.HIGH).tags("network")
                .rationale("libvirt gives each guest NIC on a bridge or virtual network a tap device, created"
                        + " through /dev/net/tun; without it such guests do not start.")
                .hint("load the module: modprobe tun")
                .reference("https://docs.kernel.org/networking/tuntap.html").reference(VIRT_HOST_VALIDATE)
                .reads(Probes.DEVICES)
                .evaluates(host -> {
                    DeviceNode n = host.get(Probes.DEVICES).get("/dev/net/tun");
                    if (n.isCharacterDevice()) {
                        return Verdict.pass(n.describe());
                    }
                    return Verdict.fail(n.exists() ? n.describe() + " is not a character device"
                            : "/dev/net/tun does not exist: libvirt cannot create tap devices for guest NICs");
                });
    }

    /** The controllers virt-host-validate asks for, with their cgroup v2 equivalents. */
    private static final Map<String, String> CONTROLLERS = controllers();

    private static Map<String, String> controllers() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpu", "cpu");
        m.put("cpuacct", "cpu");
        m.put("cpuset", "cpuset");
        m.put("memory", "memory");
        m.put("devices", "");
        m.put("blkio", "io");
        return m;
    }

    /** HV-CGROUPS: libvirt can place, limit and account guests (WARN when a controller is missing). */
    static Check cgroups() {
        return Check.define("HV-CGROUPS", "cgroup controllers for guests are available")
                .group(HYPERVISOR).severity(Severity.MEDIUM).tags("resources")
                .rationale("libvirt puts each guest in a cgroup to limit and account CPU, memory and block I/O,"
                        + " pin vCPUs (cpuset) and restrict device access. On cgroup v2, cpuacct is part of cpu,"
                        + " blkio is io, and device access is controlled by eBPF programs.")
                .hint("mount the missing controllers (cgroup v1) or enable them in the parent cgroup's"
                        + " cgroup.subtree_control (cgroup v2)")
                .reference("https://libvirt.org/cgroups.html").reference(VIRT_HOST_VALIDATE)
                .reads(Probes.CGROUPS)
                .evaluates(host -> {
                    CgroupControllers c = host.get(Probes.CGROUPS);
                    boolean v2InUse = c.v2().contains("memory") || c.v2().contains("cpu");
                    List<String> found = new ArrayList<>();
                    List<String> missing = new ArrayList<>();
                    CONTROLLERS.forEach((v1, v2) -> {
                        if (c.v1().containsKey(v1)) {
                            found.add(v1 + " (v1)");
                        } else if (!v2.isEmpty() && c.v2().contains(v2)) {
                            found.add(v1 + (v1.equals(v2) ? " (v2)" : " (v2 " + v2 + ")"));
                        } else if (v2.isEmpty() && v2InUse) {
                            found.add(v1 + " (v2 eBPF)");
                        } else {
                            missing.add(v1);
                        }
                    });
                    if (missing.isEmpty()) {
                        return Verdict.pass("all available: " + String.join(", ", found));
                    }
                    return Verdict.warn("missing cgroup controllers: " + String.join(", ", missing)
                            + (found.isEmpty() ? "" : "; available: " + String.join(", ", found))
                            + ": libvirt cannot limit or account guests with them");
                });
    }

    /** HV-IOMMU: PCI devices can be assigned to guests (WARN when not). */
    static Check iommu() {
        return Check.define("HV-IOMMU", "An IOMMU is present and enabled for device assignment")
                .group(HYPERVISOR).severity(Severity.LOW).tags("device-assignment")
                .rationale("Assigning a PCI device to a guest (VFIO) needs an IOMMU: the firmware describes it in"
                        + " an ACPI table (DMAR for Intel VT-d, IVRS for AMD-Vi) and the kernel enables it, making"
                        + " IOMMU groups. Hosts without device assignment can ignore this.")
                .hint("enable VT-d/AMD-Vi (IOMMU) in the firmware and boot with intel_iommu=on (Intel) or"
                        + " amd_iommu=on (AMD)")
                .reference("https://docs.kernel.org/driver-api/vfio.html").reference(VIRT_HOST_VALIDATE)
                .reads(Probes.IOMMU)
                .evaluates(host -> {
                    IommuState s = host.get(Probes.IOMMU);
                    String tables = s.acpiTables().isEmpty() ? "" : " (ACPI " + String.join(", ", new TreeSet<>(s.acpiTables())) + ")";
                    if (s.groups() > 0) {
                        return Verdict.pass("the kernel made " + s.groups() + " IOMMU groups" + tables);
                    }
                    boolean firmware = s.acpiTables().contains("DMAR") || s.acpiTables().contains("IVRS")
                            || s.acpiTables().contains("IORT") || s.acpiTables().contains("VIOT");
                    if (firmware) {
                        String arg = s.acpiTables().contains("IVRS") ? "amd_iommu=on" : "intel_iommu=on";
                        return Verdict.warn("the firmware describes an IOMMU" + tables + " but the kernel made no IOMMU"
                                + " groups: it is not enabled", "add " + arg + " to the kernel command line and reboot");
                    }
                    if (s.isX86()) {
                        return Verdict.warn("no ACPI DMAR (Intel VT-d) or IVRS (AMD-Vi) table and no IOMMU groups:"
                                + " the firmware offers this " + (s.cpuVendor().isEmpty() ? "" : s.cpuVendor() + " ")
                                + "host no IOMMU, so PCI devices cannot be assigned to guests",
                                "enable VT-d/AMD-Vi (IOMMU) in the firmware; a virtual machine needs a virtual IOMMU"
                                        + " from its hypervisor (QEMU: -device intel-iommu or virtio-iommu)");
                    }
                    return Verdict.warn("no IOMMU groups on this " + s.architecture() + " host: PCI devices cannot be"
                            + " assigned to guests");
                });
    }

    /** HV-SECURE-GUEST: confidential guests (information only; skipped where the platform has none). */
    static Check secureGuest() {
        return Check.define("HV-SECURE-GUEST", "Secure guests (AMD SEV, IBM Secure Execution) are usable")
                .group(HYPERVISOR).severity(Severity.INFO).tags("confidential-computing")
                .rationale("AMD SEV/SEV-ES/SEV-SNP and IBM Secure Execution encrypt guest memory against the host."
                        + " Only hosts whose CPU offers them can run such guests; elsewhere the check does not apply.")
                .hint("enable SEV in the firmware and load kvm_amd with sev=1 (s390x: boot with prot_virt=1)")
                .reference("https://libvirt.org/kbase/launch_security_sev.html")
                .reference("https://libvirt.org/kbase/s390_protected_virt.html").reference(VIRT_HOST_VALIDATE)
                .reads(Probes.SECURE_GUEST)
                .evaluates(host -> {
                    SecureGuestSupport s = host.get(Probes.SECURE_GUEST);
                    if (s.isS390()) {
                        if (!s.s390Facility158() && s.protVirtHost().isEmpty()) {
                            return Verdict.skip("not applicable: this s390x CPU has no Secure Execution (facility 158)");
                        }
                        if (s.protVirtHost().equals("1")) {
                            return Verdict.pass("IBM Secure Execution is enabled (prot_virt_host = 1)");
                        }
                        return Verdict.warn("the CPU offers IBM Secure Execution but the kernel has it off",
                                "boot with prot_virt=1");
                    }
                    boolean offered = s.cpuFlags().contains("sev") || s.devSev() || s.kvmAmdEnabled("sev");
                    if (!offered) {
                        String vendor = s.cpuVendor().isEmpty() ? "the CPU" : "the CPU (" + s.cpuVendor() + ")";
                        return Verdict.skip("not applicable: " + vendor + " shows no AMD SEV, kvm_amd "
                                + (s.kvmAmd().isEmpty() ? "is not loaded" : "has SEV off") + ", there is no /dev/sev,"
                                + " and this is not an s390x with Secure Execution");
                    }
                    if (s.kvmAmdEnabled("sev") && s.devSev()) {
                        List<String> kinds = new ArrayList<>(List.of("SEV"));
                        if (s.kvmAmdEnabled("sev_es")) {
                            kinds.add("SEV-ES");
                        }
                        if (s.kvmAmdEnabled("sev_snp")) {
                            kinds.add("SEV-SNP");
                        }
                        return Verdict.pass("AMD " + String.join(", ", kinds) + " enabled in kvm_amd; /dev/sev present");
                    }
                    return Verdict.warn("the CPU offers AMD SEV but it is not usable: kvm_amd sev = "
                            + s.kvmAmd().getOrDefault("sev", "(not loaded)") + (s.devSev() ? "" : ", no /dev/sev"));
                });
    }
}
