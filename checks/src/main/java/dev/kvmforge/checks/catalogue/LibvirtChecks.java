package dev.kvmforge.checks.catalogue;

import static dev.kvmforge.checks.model.CheckGroup.LIBVIRT;

import dev.kvmforge.checks.conf.ConfigSetting;
import dev.kvmforge.checks.conf.LibvirtConfig;
import dev.kvmforge.checks.model.Check;
import dev.kvmforge.checks.model.Severity;
import dev.kvmforge.checks.model.Verdict;
import dev.kvmforge.checks.probe.ConfigFile;
import dev.kvmforge.runner.host.BootLinks;
import dev.kvmforge.checks.probe.HostProcess;
import dev.kvmforge.checks.probe.HostSnapshot;
import dev.kvmforge.checks.probe.ImageDirectory;
import dev.kvmforge.checks.probe.ImageFile;
import dev.kvmforge.checks.probe.Probe;
import dev.kvmforge.checks.probe.ProcessTable;
import dev.kvmforge.checks.probe.Probes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code LV-*}: the libvirt daemons run, and their remote access and storage are not open to everyone. */
public final class LibvirtChecks {

    private LibvirtChecks() {
    }

    /** The libvirt checks, in report order. */
    public static List<Check> all() {
        return List.of(daemons(), tcpWithoutAuth(), imagePermissions());
    }

    /** LV-DAEMONS: libvirtd (or virtqemud) and virtlogd run, and start at boot. */
    static Check daemons() {
        return Check.define("LV-DAEMONS", "libvirt daemons run and start at boot")
                .group(LIBVIRT).severity(Severity.HIGH).tags("libvirt", "service")
                .rationale("Guests are managed by libvirtd (or, with the modular daemons, virtqemud) and their"
                        + " console output goes through virtlogd: QEMU guests do not start without it. Under systemd"
                        + " an enabled socket unit starts its daemon on demand.")
                .hint("systemctl enable --now libvirtd.service virtlogd.socket")
                .reference("https://libvirt.org/daemons.html")
                .reads(Probes.PROCESSES, Probes.ENABLED_UNITS)
                .evaluates(LibvirtChecks::daemonsVerdict);
    }

    static Verdict daemonsVerdict(HostSnapshot host) {
        ProcessTable pt = host.get(Probes.PROCESSES);
        BootLinks units = host.get(Probes.ENABLED_UNITS);
        List<String> bootDaemon = units.enabledOf("libvirtd.service", "libvirtd.socket", "virtqemud.service",
                "virtqemud.socket");
        List<String> bootLog = units.enabledOf("virtlogd.socket", "virtlogd.service");
        String boot = "enabled at boot: " + (bootDaemon.isEmpty() && bootLog.isEmpty() ? "none of libvirtd,"
                + " virtqemud, virtlogd" : String.join(", ", concat(bootDaemon, bootLog)));
        if (!pt.available()) {
            String note = "no process table under " + host.root() + ", so whether they run was not checked";
            if (bootDaemon.isEmpty() || bootLog.isEmpty()) {
                return Verdict.fail(boot + "; " + note);
            }
            return Verdict.pass(boot + "; " + note);
        }
        boolean socketActivation = pt.systemdInit();
        String daemon = running(pt, "libvirtd").or(() -> running(pt, "virtqemud"))
                .orElse(socketActivation && units.enabled("libvirtd.socket") ? "libvirtd.socket (started on demand)"
                        : socketActivation && units.enabled("virtqemud.socket") ? "virtqemud.socket (started on demand)"
                        : null);
        String log = running(pt, "virtlogd").orElse(socketActivation && units.enabled("virtlogd.socket")
                ? "virtlogd.socket (started on demand)" : null);
        String elsewhere = pt.inContainers().isEmpty() ? "" : "; not counted, in containers: "
                + pt.inContainers().stream().map(HostProcess::describe).collect(Collectors.joining(", "));
        List<String> down = new ArrayList<>();
        if (daemon == null) {
            down.add("neither libvirtd nor virtqemud is running");
        }
        if (log == null) {
            down.add("virtlogd is not running (QEMU guests cannot start without it)");
        }
        if (!down.isEmpty()) {
            String hint = socketActivation ? "systemctl enable --now libvirtd.service virtlogd.socket"
                    : "PID 1 is " + (pt.init().isEmpty() ? "unknown" : pt.init()) + ", not systemd, so nothing starts"
                    + " them: run virtlogd -d, then libvirtd -d (from an init script)";
            return Verdict.fail(String.join("; ", down) + (daemon != null ? "; " + daemon + " runs" : "")
                    + (log != null ? "; " + log + " runs" : "") + "; " + boot + elsewhere, hint);
        }
        String up = daemon + " and " + log;
        if (bootDaemon.isEmpty() || bootLog.isEmpty()) {
            return Verdict.warn(up + " run, but " + (bootDaemon.isEmpty() ? "no libvirt daemon" : "virtlogd")
                    + " is enabled at boot (" + boot + ")" + elsewhere, "systemctl enable libvirtd.service virtlogd.socket");
        }
        return Verdict.pass(up + " run; " + boot + elsewhere);
    }

    private static Optional<String> running(ProcessTable pt, String command) {
        List<HostProcess> p = pt.named(command);
        return p.isEmpty() ? Optional.empty()
                : Optional.of(command + " (pid " + p.stream().map(x -> String.valueOf(x.pid()))
                        .collect(Collectors.joining(", ")) + ")");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** LV-TCP-NOAUTH: no unauthenticated TCP access to libvirt. */
    static Check tcpWithoutAuth() {
        return Check.define("LV-TCP-NOAUTH", "libvirt accepts no TCP connections without authentication")
                .group(LIBVIRT).severity(Severity.CRITICAL).tags("security", "remote-access")
                .rationale("listen_tcp = 1 with auth_tcp = \"none\" (a common copy-paste from tutorials), or an"
                        + " enabled libvirtd-tcp.socket with it, lets anyone who reaches TCP port 16509 control"
                        + " libvirt, which runs as root: define a guest with the host's disks and the host is theirs."
                        + " TCP is also unencrypted; remote access belongs on TLS (port 16514) or qemu+ssh.")
                .hint("set auth_tcp = \"sasl\" (or stop listening on TCP: listen_tcp = 0, systemctl disable --now"
                        + " libvirtd-tcp.socket) and use TLS or qemu+ssh:// for remote access")
                .reference("https://libvirt.org/remote.html").reference("https://libvirt.org/auth.html")
                .reads(Probes.LIBVIRTD_CONF, Probes.VIRTPROXYD_CONF, Probes.ENABLED_UNITS)
                .evaluates(LibvirtChecks::tcpWithoutAuthVerdict);
    }

    /** One daemon that may listen on TCP: its config file and its systemd TCP socket. */
    private record TcpDaemon(String name, Probe<ConfigFile> conf, String tcpSocket) {
    }

    static Verdict tcpWithoutAuthVerdict(HostSnapshot host) {
        BootLinks units = host.get(Probes.ENABLED_UNITS);
        List<String> open = new ArrayList<>();
        List<String> unencrypted = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (TcpDaemon d : List.of(new TcpDaemon("libvirtd", Probes.LIBVIRTD_CONF, "libvirtd-tcp.socket"),
                new TcpDaemon("virtproxyd", Probes.VIRTPROXYD_CONF, "virtproxyd-tcp.socket"))) {
            ConfigFile f = host.get(d.conf());
            if (f.state() == ConfigFile.State.UNREADABLE) {
                return Verdict.error(f.unreadableMessage(), "run the checks as root");
            }
            boolean socket = units.enabled(d.tcpSocket());
            if (!f.isPresent() && !socket) {
                continue;
            }
            LibvirtConfig conf = f.isPresent() ? f.libvirtConfig() : new LibvirtConfig(f.path(), List.of());
            Optional<ConfigSetting> listen = conf.setting("listen_tcp");
            Optional<ConfigSetting> authSetting = conf.setting("auth_tcp");
            boolean listenTcp = conf.number("listen_tcp").orElse(0L) != 0;
            String auth = conf.text("auth_tcp").orElse("sasl");
            seen.add(d.name() + ": listen_tcp = " + listen.map(s -> s.value().written()).orElse("0 (default)")
                    + ", auth_tcp = \"" + auth + "\"" + (authSetting.isEmpty() ? " (default)" : "")
                    + ", " + d.tcpSocket() + (socket ? " enabled" : " not enabled"));
            if (!listenTcp && !socket) {
                continue;
            }
            List<String> via = new ArrayList<>();
            listen.filter(s -> listenTcp).ifPresent(s -> via.add(conf.at(s) + " " + s));
            if (socket) {
                via.add(d.tcpSocket() + " enabled");
            }
            String where = String.join(" and ", via);
            if (auth.equals("none")) {
                open.add(where + " with " + authSetting.map(s -> conf.at(s) + " " + s).orElse("auth_tcp = \"none\"")
                        + ": anyone who reaches TCP port 16509 controls " + d.name() + " without a password");
            } else {
                unencrypted.add(where + " with auth_tcp = \"" + auth + "\": TCP is unencrypted unless SASL GSSAPI"
                        + " is used");
            }
        }
        if (!open.isEmpty()) {
            return Verdict.fail(String.join("; ", open));
        }
        if (!unencrypted.isEmpty()) {
            return Verdict.warn(String.join("; ", unencrypted), "prefer TLS (listen_tls, libvirtd-tls.socket) or"
                    + " qemu+ssh:// for remote access, and disable the TCP socket");
        }
        if (seen.isEmpty()) {
            return Verdict.skip("not applicable: no libvirtd.conf or virtproxyd.conf under " + host.root()
                    + " and no TCP socket enabled (libvirt's daemons are not installed)");
        }
        return Verdict.pass("no TCP listener: " + String.join("; ", seen));
    }

    /** LV-IMAGE-PERMS: guests' disks are not open to other local users. */
    static Check imagePermissions() {
        return Check.define("LV-IMAGE-PERMS", "Guest images are not open to other users")
                .group(LIBVIRT).severity(Severity.HIGH).tags("security", "storage")
                .rationale("A guest's disk image holds everything the guest stores: keys, passwords, databases."
                        + " libvirt's default pool /var/lib/libvirt/images is 0711 root:root so other users can"
                        + " neither list nor read it, but qemu-img create makes images 0644, readable by everyone"
                        + " who knows the name.")
                .hint("chmod 0711 " + ImageDirectory.PATH + " and chmod o-rwx on the images")
                .reference("https://libvirt.org/storage.html")
                .reference("https://libvirt.org/drvqemu.html#posix-users-groups")
                .reads(Probes.IMAGES)
                .evaluates(LibvirtChecks::imagePermissionsVerdict);
    }

    static Verdict imagePermissionsVerdict(HostSnapshot host) {
        ImageDirectory d = host.get(Probes.IMAGES);
        if (!d.exists()) {
            return Verdict.skip("not applicable: there is no " + d.path() + " (libvirt's default storage pool)");
        }
        List<String> problems = new ArrayList<>();
        ImageFile dir = d.directory();
        if (dir.othersWrite()) {
            problems.add(dir.describe() + " is writable by others");
        } else if (dir.othersRead()) {
            problems.add(dir.describe() + " can be listed by others (libvirt's default is 0711)");
        }
        List<ImageFile> open = d.files().stream().filter(f -> f.othersRead() || f.othersWrite()).toList();
        if (!open.isEmpty()) {
            problems.add(open.size() + (open.size() == 1 ? " image is" : " images are") + " readable or writable by"
                    + " others: " + open.stream().limit(5).map(ImageFile::describe).collect(Collectors.joining(", "))
                    + (open.size() > 5 ? ", ..." : ""));
        }
        if (!problems.isEmpty()) {
            return Verdict.fail(String.join("; ", problems));
        }
        if (!d.listingError().isEmpty()) {
            return Verdict.error(dir.describe() + " is closed to others, but its images could not all be listed: "
                    + d.listingError(), "run the checks as root to see every image's mode");
        }
        return Verdict.pass(dir.describe() + "; " + (d.files().isEmpty() ? "no images"
                : d.files().size() + (d.files().size() == 1 ? " image" : " images") + ", none open to others"));
    }
}
