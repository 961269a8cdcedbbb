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
            "l=; read -r l 2>/dev/null </sys/kernel/security/lsm; echo \"lsm=$l\"",
            "a=; read -r a 2>/dev/null </sys/module/apparmor/parameters/enabled; echo \"apparmor=$a\"",
            "if [ -d /sys/fs/selinux ]; then e=; read -r e 2>/dev/null </sys/fs/selinux/enforce; echo \"selinux=$e\"; fi");

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
