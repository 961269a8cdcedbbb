package dev.kvmforge.checks.probe;

/**
 * A running process the libvirt and QEMU checks care about.
 *
 * @param pid          process id
 * @param uid          effective user id, or -1 when it could not be read
 * @param libvirtGuest a QEMU process started by libvirt (its command line names {@code guest=})
 * @param command      the process name as the kernel keeps it ({@code comm}, at most 15 characters:
 *                     {@code qemu-system-x86})
 * @param container    it runs in another mount namespace than the checks (a container): not this host's daemon
 */
public record HostProcess(int pid, int uid, boolean libvirtGuest, String command, boolean container) {

    /** {@code qemu-system-x86 (pid 4242, uid 0)}. */
    public String describe() {
        return command + " (pid " + pid + ", " + (uid == 0 ? "root" : uid < 0 ? "uid unknown" : "uid " + uid) + ")";
    }
}
