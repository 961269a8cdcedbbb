package dev.kvmforge.checks.probe;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The Linux security modules that confine processes and that libvirt can use for guests: {@code apparmor} and
 * {@code selinux} when enabled in the running kernel.
 *
 * @param active the enabled ones among {@code apparmor} and {@code selinux}
 * @param lsmList the kernel's {@code /sys/kernel/security/lsm}, empty when securityfs is not mounted
 */
public record SecurityModules(Set<String> active, String lsmList) {

    public SecurityModules {
        active = Set.copyOf(active);
    }

    static final String SCRIPT = String.join("\n",
            "echo \"lsm=$(cat /sys/kernel/security/lsm 2>/dev/null)\"",
            "echo \"apparmor=$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)\"",
            "if [ -d /sys/fs/selinux ]; then echo \"selinux=$(cat /sys/fs/selinux/enforce 2>/dev/null)\"; fi");

    static SecurityModules read(ProbeOutput out) {
        KeyValues kv = KeyValues.parse(out.stdout());
        String lsm = kv.first("lsm", "");
        Set<String> active = new LinkedHashSet<>();
        if (kv.first("apparmor", "").equals("Y") || (" " + lsm.replace(',', ' ') + " ").contains(" apparmor ")) {
            active.add("apparmor");
        }
        if (kv.has("selinux") || (" " + lsm.replace(',', ' ') + " ").contains(" selinux ")) {
            active.add("selinux");
        }
        return new SecurityModules(active, lsm);
    }
}
