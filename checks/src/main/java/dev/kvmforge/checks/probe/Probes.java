package dev.kvmforge.checks.probe;

import dev.kvmforge.runner.host.BootLinks;
import dev.kvmforge.runner.host.HostFact;
import dev.kvmforge.runner.host.InstalledPackages;
import dev.kvmforge.runner.host.KvmFacts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The built-in probes. Each is one small shell fragment; the engine runs those of the selected checks as one
 * command per host.
 */
public final class Probes {

    private Probes() {
    }

    /** KVM usability: /dev/kvm tried through the KVM API, CPU flags, modules, nesting, BIOS lock (the runner's probe). */
    public static final Probe<KvmFacts> KVM = fact(KvmFacts.FACT);

    /** The login user, its groups, and the {@code kvm} group's members. */
    public static final Probe<LoginUser> LOGIN_USER = Probe.of("login-user", LoginUser.SCRIPT, LoginUser::read);

    /** {@code /dev/kvm}, {@code /dev/vhost-net}, {@code /dev/net/tun}, {@code /dev/sev}: type, mode, owner, access. */
    public static final Probe<DeviceNodes> DEVICES = Probe.of("devices", DeviceNodes.SCRIPT, DeviceNodes::read);

    /** cgroup v1 mounts and the v2 controllers of the session's cgroup. */
    public static final Probe<CgroupControllers> CGROUPS = Probe.of("cgroups", CgroupControllers.SCRIPT,
            CgroupControllers::read);

    /** ACPI IOMMU tables, IOMMU groups, the kernel command line. */
    public static final Probe<IommuState> IOMMU = Probe.of("iommu", IommuState.SCRIPT, IommuState::read);

    /** AMD SEV/SEV-ES/SEV-SNP and s390x Secure Execution. */
    public static final Probe<SecureGuestSupport> SECURE_GUEST = Probe.of("secure-guest", SecureGuestSupport.SCRIPT,
            SecureGuestSupport::read);

    /** AppArmor and SELinux as enabled in the kernel. */
    public static final Probe<SecurityModules> SECURITY_MODULES = Probe.of("security-modules", SecurityModules.SCRIPT,
            SecurityModules::read);

    /** libvirt daemons and QEMU processes, under the root's {@code /proc}. */
    public static final Probe<ProcessTable> PROCESSES = Probe.of("processes", ProcessTable.SCRIPT, ProcessTable::read);

    /** Units and services enabled at boot, under the root. */
    public static final Probe<BootLinks> ENABLED_UNITS = fact(BootLinks.FACT);

    /** {@code /var/lib/libvirt/images} and its files, under the root. */
    public static final Probe<ImageDirectory> IMAGES = Probe.of("images", ImageDirectory.SCRIPT, ImageDirectory::read);

    /** {@code /etc/libvirt/libvirtd.conf} under the root. */
    public static final Probe<ConfigFile> LIBVIRTD_CONF = file("/etc/libvirt/libvirtd.conf");

    /** {@code /etc/libvirt/virtproxyd.conf} (the modular daemons' remote access) under the root. */
    public static final Probe<ConfigFile> VIRTPROXYD_CONF = file("/etc/libvirt/virtproxyd.conf");

    /** {@code /etc/libvirt/qemu.conf} under the root. */
    public static final Probe<ConfigFile> QEMU_CONF = file("/etc/libvirt/qemu.conf");

    /** Any file under the root, by its absolute path. */
    public static Probe<ConfigFile> file(String path) {
        requireAbsolute(path);
        return Probe.of("file:" + path, ConfigFile.script(path), out -> ConfigFile.read(out, path));
    }

    /** Every listening TCP and bound UDP socket of the running kernel. */
    public static final Probe<ListeningSockets> LISTENING_SOCKETS = Probe.of("listening-sockets",
            ListeningSockets.SCRIPT, ListeningSockets::read);

    /** Every process under the root's {@code /proc}: pid, user id, name. */
    public static final Probe<RunningProcesses> RUNNING_PROCESSES = Probe.of("running-processes",
            RunningProcesses.SCRIPT, RunningProcesses::read);

    /** The users and groups of the host (under the root: its {@code /etc/passwd} and {@code /etc/group}). */
    public static final Probe<Accounts> ACCOUNTS = Probe.of("accounts", Accounts.SCRIPT, Accounts::read);

    /**
     * A path under the root as {@code stat} sees it, with the file's text when {@code withContent}. The probe with
     * content also answers everything the one without does; a batch holding both reads the file once per probe.
     */
    public static Probe<FileState> fileState(String path, boolean withContent) {
        requireAbsolute(path);
        return Probe.of(name(withContent ? "file-content:" : "file-stat:", path), FileState.script(path, withContent),
                out -> FileState.read(out, path));
    }

    /** The host's package database (dpkg, else rpm) under the root: the package module's fact. */
    public static final Probe<InstalledPackages> PACKAGES = fact(InstalledPackages.FACT);

    /** A fact of the runner's ({@code host/}) as a probe: the same script and parser, so both read a host alike. */
    public static <T> Probe<T> fact(HostFact<T> fact) {
        return Probe.of(fact.name(), fact.script(), out -> fact.parse().apply(out.stdout()));
    }

    /** A kernel parameter ({@code net.ipv4.ip_forward}) of the running kernel. */
    public static Probe<KernelParameter> kernelParameter(String name) {
        return Probe.of(name("sysctl:", name), KernelParameter.script(name), out -> KernelParameter.read(out, name));
    }

    /** What systemd, if it runs the host, says of {@code unit}. */
    public static Probe<ServiceManager> serviceManager(String unit) {
        return Probe.of(name("systemd-unit:", unit), ServiceManager.script(unit), out -> ServiceManager.read(out, unit));
    }

    /**
     * A command line run through {@code sh -c} as the login user: its exit status, stdout and stderr. Two probes
     * of the same command line are one.
     */
    public static Probe<ProbeOutput> command(String commandLine) {
        return Probe.of("command:" + digest(commandLine), commandLine, out -> out);
    }

    private static void requireAbsolute(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a file probe takes an absolute path, not '" + path + "'");
        }
    }

    /** {@code prefix + value}, or {@code prefix} and a digest of the value when it holds blanks or control characters. */
    private static String name(String prefix, String value) {
        return value.isEmpty() || value.chars().anyMatch(c -> c <= ' ') ? prefix + "#" + digest(value) : prefix + value;
    }

    private static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
