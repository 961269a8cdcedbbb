package dev.kvmforge.checks.probe;

/**
 * A device node under {@code /dev} as the login user sees it.
 *
 * @param path      {@code /dev/kvm}
 * @param exists    something is there
 * @param type      what {@code stat} calls it: {@code character special file}...
 * @param mode      permission bits
 * @param owner     owning user
 * @param group     owning group
 * @param readWrite the login user may open it for reading and writing (access(2): modes, ACLs, root)
 */
public record DeviceNode(String path, boolean exists, String type, int mode, String owner, String group,
                         boolean readWrite) {

    public static DeviceNode missing(String path) {
        return new DeviceNode(path, false, "", 0, "", "", false);
    }

    public boolean isCharacterDevice() {
        return exists && type.equals("character special file");
    }

    /** {@code character device, mode 0660, root:kvm}. */
    public String describe() {
        if (!exists) {
            return path + " does not exist";
        }
        return path + " (" + (isCharacterDevice() ? "character device" : type) + ", mode " + String.format("%04o", mode)
                + ", " + owner + ":" + group + ")";
    }
}
