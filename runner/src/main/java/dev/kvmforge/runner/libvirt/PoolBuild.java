package dev.kvmforge.runner.libvirt;

import java.util.Locale;

/** How {@code pool-build} treats what is already there, as libvirt's {@code virStoragePoolBuildFlags} say. */
public enum PoolBuild {
    /** Build a new pool (the default). */
    NEW(0, null),
    /** Repair a pool (libvirt-java only: virsh has no option for it). */
    REPAIR(1, null),
    /** Extend a pool (libvirt-java only). */
    RESIZE(2, null),
    /** Refuse to build over existing data. */
    NO_OVERWRITE(4, "--no-overwrite"),
    /** Build over existing data: it is lost. */
    OVERWRITE(8, "--overwrite");

    private final int flag;
    private final String virshOption;

    PoolBuild(int flag, String virshOption) {
        this.flag = flag;
        this.virshOption = virshOption;
    }

    /** The flag for {@code virStoragePoolBuild}. */
    int flag() {
        return flag;
    }

    /** The option {@code virsh pool-build} takes for it; null for none ({@code NEW}) or none there is. */
    String virshOption() {
        return virshOption;
    }

    /** The mode as Ansible's {@code virt_pool} names it: {@code new}, {@code no_overwrite}... */
    public static PoolBuild parse(String mode) {
        return valueOf(mode.toUpperCase(Locale.ROOT));
    }
}
