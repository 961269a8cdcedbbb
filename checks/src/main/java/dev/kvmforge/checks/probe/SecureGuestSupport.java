package dev.kvmforge.checks.probe;

import java.util.Map;
import java.util.Set;

/**
 * What the host offers for confidential (secure) guests: AMD SEV, SEV-ES and SEV-SNP, or IBM Secure Execution on
 * s390x.
 *
 * @param architecture     {@code uname -m}
 * @param cpuVendor        {@code AuthenticAMD}...
 * @param cpuFlags         which of {@code sev}, {@code sev_es}, {@code sev_snp} the CPU shows
 * @param kvmAmd           the kvm_amd parameters {@code sev}, {@code sev_es}, {@code sev_snp} ({@code Y}/{@code N},
 *                         {@code 1}/{@code 0}) when the module is loaded
 * @param devSev           {@code /dev/sev} exists (the AMD secure processor's interface)
 * @param protVirtHost     {@code /sys/firmware/uv/prot_virt_host} on s390x ({@code 1}: enabled), empty elsewhere
 * @param s390Facility158  the s390x CPU has facility 158 (Secure Execution)
 */
public record SecureGuestSupport(String architecture, String cpuVendor, Set<String> cpuFlags,
                                 Map<String, String> kvmAmd, boolean devSev, String protVirtHost,
                                 boolean s390Facility158) {

    public SecureGuestSupport {
        cpuFlags = Set.copyOf(cpuFlags);
        kvmAmd = Map.copyOf(kvmAmd);
    }

    static final String SCRIPT = String.join("\n",
            "echo \"arch=$(uname -m)\"",
            "f=; c=; while IFS=: read -r k x; do case $k in vendor_id*) [ -n \"$c\" ] || c=${x# };;"
                    + " flags*) f=$x; break;; esac; done 2>/dev/null </proc/cpuinfo",
            "echo \"vendor=$c\"",
            "for x in sev sev_es sev_snp; do case \" $f \" in *\" $x \"*) echo \"flag=$x\";; esac; done",
            "for x in sev sev_es sev_snp; do p=/sys/module/kvm_amd/parameters/$x; if [ -r $p ]; then read -r v <$p;"
                    + " echo \"kvm_amd_$x=$v\"; fi; done",
            "if [ -e /dev/sev ]; then echo dev_sev=1; fi",
            "p=/sys/firmware/uv/prot_virt_host; if [ -r $p ]; then read -r v <$p; echo \"prot_virt_host=$v\"; fi",
            "if grep -qsE '^facilities.*[[:space:]]158([[:space:]]|$)' /proc/cpuinfo; then echo facility158=1; fi");

    static SecureGuestSupport read(ProbeOutput out) {
        KeyValues kv = KeyValues.parse(out.stdout());
        Map<String, String> amd = new java.util.LinkedHashMap<>();
        for (String p : new String[] {"sev", "sev_es", "sev_snp"}) {
            if (kv.has("kvm_amd_" + p)) {
                amd.put(p, kv.first("kvm_amd_" + p, ""));
            }
        }
        return new SecureGuestSupport(kv.first("arch", ""), kv.first("vendor", ""), Set.copyOf(kv.all("flag")), amd,
                kv.has("dev_sev"), kv.first("prot_virt_host", ""), kv.has("facility158"));
    }

    public boolean isS390() {
        return architecture.startsWith("s390");
    }

    /** Whether kvm_amd has {@code parameter} ({@code sev}, {@code sev_es}, {@code sev_snp}) turned on. */
    public boolean kvmAmdEnabled(String parameter) {
        String v = kvmAmd.getOrDefault(parameter, "");
        return v.equals("Y") || v.equals("1");
    }
}
