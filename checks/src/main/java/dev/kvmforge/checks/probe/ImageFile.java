package dev.kvmforge.checks.probe;

/**
 * A file or directory with its permissions, as {@code stat} gives them.
 *
 * @param path  where it is on the host (root included)
 * @param mode  permission bits
 * @param owner owning user
 * @param group owning group
 */
public record ImageFile(String path, int mode, String owner, String group) {

    /** Others may read it. */
    public boolean othersRead() {
        return (mode & 04) != 0;
    }

    /** Others may write it. */
    public boolean othersWrite() {
        return (mode & 02) != 0;
    }

    /** {@code /var/lib/libvirt/images/web.qcow2 (0644 root:root)}. */
    public String describe() {
        return path + " (" + String.format("%04o", mode) + " " + owner + ":" + group + ")";
    }
}
