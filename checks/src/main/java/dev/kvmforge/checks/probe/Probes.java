package dev.kvmforge.checks.probe;

import dev.kvmforge.runner.host.KvmFacts;

/**
 * The built-in probes. Each is one small shell fragment; the engine runs those of the selected checks as one
 * command per host.
 */
public final class Probes {

    private Probes() {
    }

    /** KVM usability: /dev/kvm tried through the KVM API, CPU flags, modules, nesting, BIOS lock (the runner's probe). */
    public static final Probe<KvmFacts> KVM = Probe.of("kvm", KvmFacts.script(), out -> KvmFacts.parse(out.stdout()));

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
    public static final Probe<EnabledUnits> ENABLED_UNITS = Probe.of("enabled-units", EnabledUnits.SCRIPT,
            EnabledUnits::read);

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
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a file probe takes an absolute path, not '" + path + "'");
        }
        return Probe.of("file:" + path, ConfigFile.script(path), out -> ConfigFile.read(out, path));
    }
}
