package dev.kvmforge.runner.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a host can run KVM guests, and why: the CPU's virtualization flags, {@code /dev/kvm} and whether it really
 * works (a VM created through the KVM API), the kvm modules, nested virtualization, the BIOS lock where it can be
 * read, and what kind of virtualization the host itself runs under.
 *
 * <p>The flags alone do not decide: a guest whose hypervisor hides {@code vmx}/{@code svm} may still have a working
 * {@code /dev/kvm} (nested virtualization), and a host with the flags may have KVM disabled in the BIOS.
 *
 * @param cpuVendor    {@code GenuineIntel}, {@code AuthenticAMD}, or what /proc/cpuinfo says
 * @param cpuFlag      {@code vmx}, {@code svm}, or empty when the CPU shows neither
 * @param hypervisorFlag the CPU says it runs under a hypervisor
 * @param devKvm       {@code /dev/kvm} exists
 * @param devKvmMode   its mode, owner and group, such as {@code 660 root kvm}
 * @param probe        how /dev/kvm was tried
 * @param usable       a VM was really created through /dev/kvm by the login user (or through become)
 * @param apiVersion   KVM_GET_API_VERSION (12 on every current kernel), 0 when not reached
 * @param probeError   why the probe failed, empty when it worked
 * @param modules      loaded kvm modules ({@code kvm}, {@code kvm_intel}, {@code kvm_amd}, {@code kvm_pvm}...)
 * @param nested       the kvm_intel/kvm_amd {@code nested} parameter: {@code Y}, {@code N}, or empty
 * @param biosLock     what the CPU's lock bits say of virtualization in the BIOS/UEFI
 * @param kvmDevice    the major:minor of the misc device the kernel registered for KVM ({@code 10:232}), empty when
 *                     it registered none (no kvm module for this CPU, or one that found nothing to drive)
 * @param hostVm       the virtual machine this host is, as {@code systemd-detect-virt --vm} names it: {@code none}
 *                     (bare metal), {@code kvm}, {@code qemu}, {@code xen}, {@code vmware}, {@code microsoft},
 *                     {@code oracle}, {@code amazon}..., or {@code vm} (some hypervisor the CPU flag shows)
 * @param hostContainer the container this host is, as {@code systemd-detect-virt --container} names it:
 *                     {@code none}, {@code docker}, {@code podman}, {@code lxc}, {@code systemd-nspawn}...; a virtual
 *                     machine may hold one (both layers are reported)
 */
public record KvmFacts(String cpuVendor, String cpuFlag, boolean hypervisorFlag, boolean devKvm, String devKvmMode,
                       TriedWith probe, boolean usable, int apiVersion, String probeError, List<String> modules,
                       String nested, BiosLock biosLock, String kvmDevice, String hostVm, String hostContainer) {

    /** How /dev/kvm was tried: through the KVM API (perl's ioctl), by QEMU's {@code query-kvm}, or not at all. */
    public enum TriedWith {
        KVM_API("kvm-api"), QEMU("qemu"), NONE("none");

        private final String word;

        TriedWith(String word) {
            this.word = word;
        }

        static TriedWith of(String word) {
            for (TriedWith p : values()) {
                if (p.word.equals(word)) {
                    return p;
                }
            }
            return NONE;
        }

        /** {@code kvm-api}, {@code qemu} or {@code none}, as the fact {@code kvm.probe} says it. */
        @Override
        public String toString() {
            return word;
        }
    }

    /** Virtualization in the BIOS/UEFI as the CPU's lock bits (read through the msr device) tell it. */
    public enum BiosLock {
        ENABLED, DISABLED, UNKNOWN;

        static BiosLock of(String word) {
            return switch (word) {
                case "enabled" -> ENABLED;
                case "disabled" -> DISABLED;
                default -> UNKNOWN;
            };
        }

        /** {@code enabled}, {@code disabled} or {@code unknown}, as the fact {@code kvm.bios_lock} says it. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One shell script that prints KEY=VALUE lines; no Python, perl only for the ioctl probe when present. */
    static final String GATHER = String.join("\n",
            // shell builtins where they do (a probe runs on every host of a fleet: each process counts)
            "f=; c=; while IFS=: read -r k x; do case $k in vendor_id*) [ -n \"$c\" ] || c=${x# };;"
                    + " flags*) f=$x; break;; esac; done 2>/dev/null </proc/cpuinfo",
            "echo vendor=$c",
            "case \" $f \" in *' vmx '*) echo flag=vmx;; *' svm '*) echo flag=svm;; *) echo flag=;; esac",
            "case \" $f \" in *' hypervisor '*) echo hypervisor=1;; *) echo hypervisor=0;; esac",
            "if [ -e /dev/kvm ]; then echo devkvm=1; echo devkvm_mode=$(stat -c '%a %U %G' /dev/kvm); else echo devkvm=0; fi",
            "m=; for d in /sys/module/kvm*; do [ -e \"$d\" ] && m=\"$m${d##*/} \"; done; echo modules=$m",
            "n=; for p in /sys/module/kvm_intel/parameters/nested /sys/module/kvm_amd/parameters/nested; do"
                    + " if [ -r \"$p\" ]; then read -r n <\"$p\"; break; fi; done; echo \"nested=$n\"",
            "if [ ! -e /dev/kvm ]; then echo probe=none; echo probe_error='/dev/kvm does not exist';",
            "elif command -v perl >/dev/null 2>&1; then echo probe=kvm-api;",
            "  perl -e 'open(my $k, \"+<\", \"/dev/kvm\") or do { print \"probe_error=cannot open /dev/kvm: $!\\n\"; exit 0 };"
                    + " my $v = ioctl($k, 0xAE00, 0); print \"api=\", ($v // 0) + 0, \"\\n\";"
                    + " my $vm = ioctl($k, 0xAE01, 0); if (defined $vm) { print \"usable=1\\n\" }"
                    + " else { print \"probe_error=KVM_CREATE_VM failed: $!\\n\" }'",
            "elif command -v qemu-system-x86_64 >/dev/null 2>&1; then echo probe=qemu;",
            "  o=$(printf '%s\\n' '{\"execute\":\"qmp_capabilities\"}' '{\"execute\":\"query-kvm\"}' '{\"execute\":\"quit\"}'"
                    + " | timeout 20 qemu-system-x86_64 -machine none,accel=kvm -nodefaults -nographic -S -qmp stdio 2>&1)",
            "  case \"$o\" in *'\"enabled\": true'*) echo usable=1; echo api=12;; *) echo \"probe_error=$(echo \"$o\" | grep -v '^{' | head -1)\";; esac",
            "else echo probe=none; echo 'probe_error=neither perl nor qemu-system-x86_64 is there to open /dev/kvm'; fi",
            "lock=unknown",
            "if [ -r /dev/cpu/0/msr ]; then",
            "  case \"$c\" in",
            "  *Intel*) b=$(dd if=/dev/cpu/0/msr bs=8 count=1 skip=58 iflag=skip_bytes 2>/dev/null | od -An -tu8 | tr -d ' ');"
                    + " if [ -n \"$b\" ]; then if [ $((b & 1)) -eq 1 ] && [ $((b & 4)) -eq 0 ]; then lock=disabled; else lock=enabled; fi; fi;;",
            "  *AMD*) b=$(dd if=/dev/cpu/0/msr bs=8 count=1 skip=3221291284 iflag=skip_bytes 2>/dev/null | od -An -tu8 | tr -d ' ');"
                    + " if [ -n \"$b\" ]; then if [ $((b & 16)) -ne 0 ]; then lock=disabled; else lock=enabled; fi; fi;;",
            "  esac",
            "fi",
            "echo bios_lock=$lock",
            // the kernel registered KVM's misc device (its major:minor), whether or not a /dev/kvm node was made
            "if [ -r /sys/class/misc/kvm/dev ]; then read -r x </sys/class/misc/kvm/dev; echo kvm_dev=$x; fi",
            // two layers, as systemd-detect-virt --vm and --container tell them apart: a VM may hold a container
            "v=$(systemd-detect-virt --vm 2>/dev/null)",
            "if [ -z \"$v\" ] || [ \"$v\" = none ]; then",
            "  if [ -r /sys/hypervisor/type ] && grep -qs xen /sys/hypervisor/type; then v=xen",
            "  else d=; for p in /sys/class/dmi/id/sys_vendor /sys/class/dmi/id/product_name; do"
                    + " if [ -r \"$p\" ]; then read -r x <\"$p\"; d=\"$d$x \"; fi; done",
            "    case \"$d\" in *QEMU*) v=qemu;; *KVM*) v=kvm;; *VMware*) v=vmware;; *VirtualBox*|*innotek*) v=oracle;;"
                    + " *Microsoft*) v=microsoft;; *Xen*) v=xen;; *) case \" $f \" in *' hypervisor '*) v=vm;; *) v=none;; esac;; esac",
            "  fi",
            "fi",
            "echo host_vm=$v",
            "v=$(systemd-detect-virt --container 2>/dev/null)",
            "if [ -z \"$v\" ] || [ \"$v\" = none ]; then",
            "  if [ -f /.dockerenv ] || grep -qs docker /proc/1/cgroup; then v=docker",
            "  elif [ -f /run/.containerenv ]; then v=podman",
            "  elif grep -qs lxc /proc/1/environ 2>/dev/null; then v=lxc",
            "  else v=none; fi",
            "fi",
            "echo host_container=$v");

    /** The fact: the probe below and its parser. Checks batch its script; modules ask {@link Host#fact}. */
    public static final HostFact<KvmFacts> FACT = HostFact.of("kvm", GATHER, KvmFacts::parse);

    /** The host's KVM facts: probed once per run (one command), then kept. */
    public static KvmFacts gather(Host host) {
        return host.fact(FACT);
    }

    /** The facts from the output of {@link #FACT}'s script. */
    public static KvmFacts parse(String out) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                kv.putIfAbsent(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        List<String> modules = new ArrayList<>();
        for (String m : kv.getOrDefault("modules", "").split("\\s+")) {
            if (!m.isBlank()) {
                modules.add(m);
            }
        }
        int api;
        try {
            api = Integer.parseInt(kv.getOrDefault("api", "0"));
        } catch (NumberFormatException e) {
            api = 0;
        }
        return new KvmFacts(kv.getOrDefault("vendor", ""), kv.getOrDefault("flag", ""),
                "1".equals(kv.get("hypervisor")), "1".equals(kv.get("devkvm")), kv.getOrDefault("devkvm_mode", ""),
                TriedWith.of(kv.getOrDefault("probe", "none")), "1".equals(kv.get("usable")), api, kv.getOrDefault("probe_error", ""),
                List.copyOf(modules), kv.getOrDefault("nested", ""), BiosLock.of(kv.getOrDefault("bios_lock", "unknown")),
                kv.getOrDefault("kvm_dev", ""), layer(kv.get("host_vm")), layer(kv.get("host_container")));
    }

    private static String layer(String detected) {
        return detected == null || detected.isBlank() ? "none" : detected.toLowerCase(Locale.ROOT);
    }

    /** Whether this host is a virtual machine (whatever else it is). */
    public boolean inVm() {
        return !hostVm.equals("none");
    }

    /** Whether this host is a container (perhaps inside a virtual machine). */
    public boolean inContainer() {
        return !hostContainer.equals("none");
    }

    /**
     * What the host itself runs under, the layer that decides KVM first: the virtual machine when there is one (its
     * hypervisor offers nested virtualization or not), else the container, else {@code none}.
     */
    public String hostVirt() {
        return inVm() ? hostVm : hostContainer;
    }

    /** {@code guest} (a virtual machine, perhaps also holding a container), {@code container} or {@code host}. */
    public String hostVirtRole() {
        return inVm() ? "guest" : inContainer() ? "container" : "host";
    }

    /** The layers in words: {@code a virtual machine (kvm) holding a container (docker)}, or {@code bare metal}. */
    public String layers() {
        String vm = "a virtual machine (" + hostVm + ")";
        String ct = "a container (" + hostContainer + ")";
        return inVm() && inContainer() ? vm + " holding " + ct : inVm() ? vm : inContainer() ? ct : "bare metal";
    }

    /** Whether the CPU shows hardware virtualization ({@code vmx} or {@code svm}). */
    public boolean cpuFlagShown() {
        return !cpuFlag.isEmpty();
    }

    /** One sentence on why KVM is or is not usable, for the operator. */
    public String explain() {
        if (usable) {
            String how = "/dev/kvm works: a VM was created through the KVM API" + (apiVersion > 0 ? " (API " + apiVersion + ")" : "");
            if (!cpuFlagShown()) {
                how += "; the CPU flags show no vmx/svm because this host is itself " + layers()
                        + " whose hypervisor hides them (nested virtualization"
                        + (modules.isEmpty() ? "" : ", modules " + String.join(" ", modules))
                        + "): a flags-only test such as virt-host-validate's wrongly fails here";
            } else {
                how += "; the CPU shows " + cpuFlag;
            }
            return how;
        }
        if (!devKvm) {
            String loaded = modules.isEmpty() ? "" : " (loaded: " + String.join(" ", modules) + ")";
            if (!kvmDevice.isEmpty()) {
                return "there is no /dev/kvm, although the kernel registered KVM's device " + kvmDevice + loaded
                        + ": " + (inContainer() ? "this " + hostContainer + " container was not given it"
                        : "nothing made the device node (no udev?)");
            }
            if (!cpuFlagShown()) {
                if (inVm()) {
                    return "no /dev/kvm and the CPU shows no vmx/svm: this host is " + layers() + " whose"
                            + " hypervisor offers no nested virtualization" + (modules.isEmpty() ? ""
                            : "; the kvm modules" + loaded + " registered no device");
                }
                return "no /dev/kvm and the CPU shows no vmx/svm: hardware virtualization is missing or disabled in"
                        + " the BIOS" + (inContainer() ? " (this host is " + layers() + ")" : "");
            }
            return "the CPU shows " + cpuFlag + " but there is no /dev/kvm: the kvm module is not loaded"
                    + (biosLock == BiosLock.DISABLED ? " (and virtualization is disabled in the BIOS)" : "");
        }
        return "/dev/kvm exists but cannot be used: " + probeError;
    }

    /** A hint on what to do when KVM is not usable; empty when it is. */
    public String hint() {
        if (usable) {
            return "";
        }
        if (biosLock == BiosLock.DISABLED) {
            return "enable VT-x/AMD-V (SVM) in the BIOS/UEFI settings, then power-cycle the machine";
        }
        if (!devKvm && !kvmDevice.isEmpty()) {
            return inContainer() ? "start the container with the device: docker run --device /dev/kvm (podman alike)"
                    : "make the node as udev would: mknod /dev/kvm c " + kvmDevice.replace(':', ' ')
                    + " && chgrp kvm /dev/kvm && chmod 0660 /dev/kvm";
        }
        if (!devKvm && cpuFlagShown()) {
            return "load the module: modprobe kvm_" + ("svm".equals(cpuFlag) ? "amd" : "intel");
        }
        if (!devKvm && inVm()) {
            return "this host is a virtual machine (" + hostVm + "): turn on nested virtualization in the hypervisor"
                    + " that runs it (ask its provider), or choose a machine type that offers it";
        }
        if (!devKvm) {
            return "enable VT-x/AMD-V in the BIOS/UEFI settings";
        }
        if (probeError.contains("Permission denied")) {
            return "add the user to the kvm group (user: {name: USER, groups: [kvm], append: true}) or use become";
        }
        if (probe == TriedWith.NONE) {
            return "install perl-base or qemu-system-x86 so that /dev/kvm can be tried";
        }
        return "check dmesg for kvm errors";
    }

    /** The facts under the names playbooks use ({@code kvm_usable}, {@code kvm_cpu_flag}...). */
    public Map<String, Object> asFacts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("usable", usable);
        m.put("reason", explain());
        m.put("hint", hint());
        m.put("cpu_vendor", cpuVendor);
        m.put("cpu_flag", cpuFlag);
        m.put("cpu_hypervisor_flag", hypervisorFlag);
        m.put("dev_kvm", devKvm);
        m.put("dev_kvm_mode", devKvmMode);
        m.put("probe", probe.toString());
        m.put("api_version", apiVersion);
        m.put("probe_error", probeError);
        m.put("modules", modules);
        m.put("nested", nested);
        m.put("bios_lock", biosLock.toString());
        m.put("kvm_device", kvmDevice);
        m.put("host_virtualization", hostVirt());
        m.put("host_virtualization_role", hostVirtRole());
        m.put("host_vm", hostVm);
        m.put("host_container", hostContainer);
        return m;
    }
}
