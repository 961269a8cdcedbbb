package dev.kvmforge.checks.probe;

import dev.kvmforge.checks.conf.LibvirtConfig;
import dev.kvmforge.runner.connection.Shell;

/**
 * A configuration file read under the snapshot's root.
 *
 * @param path   where it is on the host (root included)
 * @param state  present, missing, or there but not readable by the login user
 * @param text   its text when present, else empty
 * @param detail for an unreadable file, its mode and owner and the login user ({@code 600 root:root by alice})
 */
public record ConfigFile(String path, State state, String text, String detail) {

    /** Whether the file could be read. */
    public enum State { PRESENT, MISSING, UNREADABLE }

    static String script(String path) {
        return String.join("\n",
                "f=\"$R\"" + Shell.quote(path),
                "if [ ! -e \"$f\" ]; then exit 3; fi",
                "if [ ! -r \"$f\" ]; then echo \"mode $(stat -c '%a %U:%G' \"$f\"), read by $(id -un)\"; exit 4; fi",
                "cat \"$f\"");
    }

    static ConfigFile read(ProbeOutput out, String path) {
        String onHost = out.onHost(path);
        return switch (out.exitStatus()) {
            case 0 -> new ConfigFile(onHost, State.PRESENT, out.stdout(), "");
            case 3 -> new ConfigFile(onHost, State.MISSING, "", "");
            case 4 -> new ConfigFile(onHost, State.UNREADABLE, "", out.stdout().strip());
            default -> throw new IllegalStateException("cannot read " + onHost + " (exit status " + out.exitStatus()
                    + "): " + out.stderr().strip());
        };
    }

    public boolean isPresent() {
        return state == State.PRESENT;
    }

    /**
     * The file read as libvirt reads its configuration files.
     *
     * @throws dev.kvmforge.checks.conf.ConfigSyntaxException where libvirt too would refuse it
     * @throws IllegalStateException when the file is not present
     */
    public LibvirtConfig libvirtConfig() {
        if (!isPresent()) {
            throw new IllegalStateException(path + (state == State.MISSING ? " does not exist" : " cannot be read"));
        }
        return LibvirtConfig.parse(text, path);
    }

    /** Why the file cannot be read, for a verdict: {@code cannot read /etc/libvirt/qemu.conf (mode 600 root:root...)}. */
    public String unreadableMessage() {
        return "cannot read " + path + " (" + detail + ")";
    }
}
