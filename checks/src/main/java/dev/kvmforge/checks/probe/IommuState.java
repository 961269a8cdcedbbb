package dev.kvmforge.checks.probe;

import java.util.Set;

/**
 * What the firmware and kernel say about an IOMMU for device assignment.
 *
 * @param architecture {@code uname -m}
 * @param cpuVendor    {@code GenuineIntel}, {@code AuthenticAMD}...
 * @param acpiTables   which of the ACPI tables DMAR (Intel VT-d), IVRS (AMD-Vi), IORT (Arm) and VIOT (virtio-iommu)
 *                     the firmware provides
 * @param groups       how many IOMMU groups the kernel made; -1 when {@code /sys/kernel/iommu_groups} is not there
 * @param cmdline      the kernel command line
 */
public record IommuState(String architecture, String cpuVendor, Set<String> acpiTables, int groups, String cmdline) {

    public IommuState {
        acpiTables = Set.copyOf(acpiTables);
    }

    static final String SCRIPT = String.join("\n",
            "echo \"arch=$(uname -m)\"",
            "c=; while IFS=: read -r k x; do case $k in vendor_id*) c=${x# }; break;; esac; done 2>/dev/null </proc/cpuinfo",
            "echo \"vendor=$c\"",
            "for t in DMAR IVRS IORT VIOT; do if [ -e /sys/firmware/acpi/tables/$t ]; then echo \"table=$t\"; fi; done",
            "if [ -d /sys/kernel/iommu_groups ]; then echo \"groups=$(ls /sys/kernel/iommu_groups | wc -l)\";"
                    + " else echo groups=-1; fi",
            "l=; read -r l 2>/dev/null </proc/cmdline; echo \"cmdline=$l\"");

    static IommuState read(ProbeOutput out) {
        KeyValues kv = KeyValues.parse(out.stdout());
        return new IommuState(kv.first("arch", ""), kv.first("vendor", ""), Set.copyOf(kv.all("table")),
                Integer.parseInt(kv.first("groups", "-1").strip()), kv.first("cmdline", ""));
    }

    public boolean isX86() {
        return architecture.equals("x86_64") || architecture.matches("i[3-6]86");
    }
}
