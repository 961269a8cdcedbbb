package dev.kvmforge.checks.catalogue;

import static dev.kvmforge.checks.model.CheckGroup.QEMU;

import dev.kvmforge.checks.conf.ConfigSetting;
import dev.kvmforge.checks.conf.LibvirtConfig;
import dev.kvmforge.checks.model.Check;
import dev.kvmforge.checks.model.Severity;
import dev.kvmforge.checks.model.Verdict;
import dev.kvmforge.checks.probe.ConfigFile;
import dev.kvmforge.checks.probe.HostProcess;
import dev.kvmforge.checks.probe.HostSnapshot;
import dev.kvmforge.checks.probe.ProcessTable;
import dev.kvmforge.checks.probe.Probes;
import dev.kvmforge.checks.probe.SecurityModules;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** {@code QEMU-*}: how libvirt confines the QEMU processes that run guests ({@code /etc/libvirt/qemu.conf}). */
public final class QemuChecks {

    private static final String DRVQEMU = "https://libvirt.org/drvqemu.html";

    private QemuChecks() {
    }

    /** The QEMU checks, in report order. */
    public static List<Check> all() {
        return List.of(securityDriver(), nonRoot());
    }

    /** QEMU-SEC-DRIVER: sVirt confinement is not turned off. */
    static Check securityDriver() {
        return Check.define("QEMU-SEC-DRIVER", "QEMU guests are confined by a security driver")
                .group(QEMU).severity(Severity.HIGH).tags("security", "svirt")
                .rationale("libvirt's sVirt gives each QEMU process an AppArmor profile or SELinux label allowing"
                        + " only its own disks, so a guest that breaks out of QEMU cannot reach other guests."
                        + " security_driver = \"none\" turns that off; without AppArmor or SELinux in the kernel,"
                        + " only user and file ownership (DAC) separate guests.")
                .hint("remove security_driver from qemu.conf (libvirt then uses the kernel's AppArmor or SELinux)")
                .reference(DRVQEMU).reference("https://libvirt.org/kbase/qemu-passthrough-security.html")
                .reads(Probes.QEMU_CONF, Probes.SECURITY_MODULES)
                .evaluates(QemuChecks::securityDriverVerdict);
    }

    static Verdict securityDriverVerdict(HostSnapshot host) {
        ConfigFile f = host.get(Probes.QEMU_CONF);
        if (f.state() == ConfigFile.State.UNREADABLE) {
            return Verdict.error(f.unreadableMessage(), "run the checks as root");
        }
        if (!f.isPresent()) {
            return Verdict.skip("not applicable: there is no " + f.path() + " (libvirt's QEMU driver is not installed)");
        }
        LibvirtConfig conf = f.libvirtConfig();
        Optional<ConfigSetting> setting = conf.setting("security_driver");
        List<String> drivers = conf.texts("security_driver");
        Set<String> active = new TreeSet<>(host.get(Probes.SECURITY_MODULES).active());
        if (drivers.contains("none")) {
            ConfigSetting s = setting.orElseThrow();
            return Verdict.fail(conf.at(s) + " " + s + ": QEMU guests run without sVirt confinement, so a guest"
                    + " that escapes QEMU can reach every other guest's disks");
        }
        if (drivers.isEmpty()) {
            if (active.isEmpty()) {
                return Verdict.warn("security_driver is not set and neither AppArmor nor SELinux is enabled in the"
                        + " kernel: libvirt falls back to no sVirt confinement, only DAC separates guests",
                        "enable AppArmor (the apparmor package; apparmor=1 security=apparmor on the kernel command"
                                + " line) or SELinux");
            }
            return Verdict.pass("security_driver is not set: libvirt confines guests with " + String.join(", ", active));
        }
        ConfigSetting s = setting.orElseThrow();
        List<String> notEnabled = drivers.stream().filter(d -> !d.equals("dac") && !active.contains(d)).toList();
        if (!notEnabled.isEmpty()) {
            return Verdict.warn(conf.at(s) + " " + s + " but " + String.join(", ", notEnabled) + " is not enabled in"
                    + " the kernel: libvirt's QEMU driver refuses to start", "enable " + String.join(", ", notEnabled)
                    + " in the kernel, or remove security_driver from qemu.conf");
        }
        return Verdict.pass(conf.at(s) + " " + s);
    }

    /** QEMU-NONROOT: guests' QEMU processes do not run as root. */
    static Check nonRoot() {
        return Check.define("QEMU-NONROOT", "QEMU guests do not run as root")
                .group(QEMU).severity(Severity.HIGH).tags("security")
                .rationale("QEMU parses everything a guest sends to its emulated devices; a bug there gives the guest"
                        + " the QEMU process's rights. As an unprivileged user (libvirt-qemu on Debian and Ubuntu,"
                        + " qemu on Fedora and RHEL) that is little; as root it is the host.")
                .hint("remove user (and group) from qemu.conf, or set user = \"libvirt-qemu\" (Debian, Ubuntu) or"
                        + " \"qemu\" (Fedora, RHEL), keep dynamic_ownership = 1, and restart the guests")
                .reference(DRVQEMU + "#posix-users-groups")
                .reads(Probes.QEMU_CONF, Probes.PROCESSES)
                .evaluates(QemuChecks::nonRootVerdict);
    }

    static Verdict nonRootVerdict(HostSnapshot host) {
        ConfigFile f = host.get(Probes.QEMU_CONF);
        if (f.state() == ConfigFile.State.UNREADABLE) {
            return Verdict.error(f.unreadableMessage(), "run the checks as root");
        }
        ProcessTable pt = host.get(Probes.PROCESSES);
        List<HostProcess> guests = pt.guests();
        if (!f.isPresent() && guests.isEmpty()) {
            return Verdict.skip("not applicable: there is no " + f.path() + " and no libvirt guest runs (libvirt's"
                    + " QEMU driver is not installed)");
        }
        String configured;
        if (f.isPresent()) {
            LibvirtConfig conf = f.libvirtConfig();
            Optional<ConfigSetting> user = conf.setting("user");
            if (user.isPresent()) {
                String name = conf.text("user").orElse("").strip();
                if (name.equals("root") || name.equals("+0") || name.equals("0")) {
                    return Verdict.fail(conf.at(user.get()) + " " + user.get() + ": libvirt runs every QEMU guest as"
                            + " root, so a guest that escapes QEMU owns the host");
                }
                configured = conf.at(user.get()) + " " + user.get();
            } else {
                configured = "user is not set in " + f.path() + ": the packaged default applies (libvirt-qemu on"
                        + " Debian and Ubuntu, qemu on Fedora and RHEL)";
            }
        } else {
            configured = "there is no " + f.path();
        }
        List<HostProcess> asRoot = guests.stream().filter(p -> p.uid() == 0).toList();
        if (!asRoot.isEmpty()) {
            return Verdict.fail(asRoot.size() + (asRoot.size() == 1 ? " libvirt guest runs" : " libvirt guests run")
                    + " as root: " + asRoot.stream().map(HostProcess::describe).collect(Collectors.joining(", "))
                    + "; " + configured);
        }
        String running = !pt.available() ? "no process table under " + host.root()
                : guests.isEmpty() ? "no libvirt guest runs now"
                : guests.size() + " libvirt guests run as " + guests.stream().map(p -> "uid " + p.uid()).distinct()
                        .collect(Collectors.joining(", "));
        return Verdict.pass(configured + "; " + running);
    }
}
