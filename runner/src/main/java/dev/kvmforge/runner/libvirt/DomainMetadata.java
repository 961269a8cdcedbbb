package dev.kvmforge.runner.libvirt;

/**
 * What libvirt keeps for a domain besides its definition, which undefining it may remove too (libvirt's
 * {@code virDomainUndefineFlagsValues}). The UEFI variables file is kept unless {@link #NVRAM} is asked.
 */
public enum DomainMetadata {
    /** The saved memory image of {@code virsh managedsave}. */
    MANAGED_SAVE(1, "--managed-save"),
    /** The snapshots' metadata (their disk data stays). */
    SNAPSHOTS(2, "--snapshots-metadata"),
    /** The UEFI variables (NVRAM) file. */
    NVRAM(4, "--nvram"),
    /** The checkpoints' metadata. */
    CHECKPOINTS(16, "--checkpoints-metadata");

    /** {@code VIR_DOMAIN_UNDEFINE_KEEP_NVRAM}. */
    static final int KEEP_NVRAM = 8;

    private final int flag;
    private final String virshOption;

    DomainMetadata(int flag, String virshOption) {
        this.flag = flag;
        this.virshOption = virshOption;
    }

    int flag() {
        return flag;
    }

    String virshOption() {
        return virshOption;
    }
}
