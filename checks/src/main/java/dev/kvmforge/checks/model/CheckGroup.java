package dev.kvmforge.checks.model;

import java.util.Objects;

/**
 * A group of related checks, one container per host in reports.
 *
 * @param id    a short lower-case name: {@code hypervisor}, {@code libvirt}, {@code qemu}
 * @param title what reports show: {@code Hypervisor}
 */
public record CheckGroup(String id, String title) {

    /** KVM itself: CPU virtualization, device nodes, cgroups, IOMMU, secure guests. */
    public static final CheckGroup HYPERVISOR = new CheckGroup("hypervisor", "Hypervisor");
    /** The libvirt daemons and their configuration. */
    public static final CheckGroup LIBVIRT = new CheckGroup("libvirt", "libvirt");
    /** How libvirt runs QEMU: security driver, user. */
    public static final CheckGroup QEMU = new CheckGroup("qemu", "QEMU");

    public CheckGroup {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        if (!id.matches("[a-z0-9][a-z0-9_-]*")) {
            throw new IllegalArgumentException("a check group id is lower-case letters, digits, - and _: '" + id + "'");
        }
    }
}
