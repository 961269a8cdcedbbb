package dev.kvmforge.checks;

import dev.kvmforge.checks.engine.CheckParameters;
import dev.kvmforge.runner.inventory.InventoryHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * A directory standing in for a host's {@code /} (the {@code kvmforge_root} of a local host), so that tests can give
 * the configuration-reading checks a host prepared to pass or to fail without touching the real {@code /etc}.
 */
public final class PreparedRoot {

    private final Path dir;

    private PreparedRoot(Path dir) {
        this.dir = dir;
    }

    /** An empty root in {@code dir}: no libvirt, no process table. */
    public static PreparedRoot in(Path dir) {
        return new PreparedRoot(dir);
    }

    public Path path() {
        return dir;
    }

    /** A local host checked under this root. */
    public InventoryHost host(String name) {
        return new InventoryHost(name, Map.of("ansible_connection", "local", CheckParameters.ROOT_VARIABLE,
                dir.toString()), List.of());
    }

    public PreparedRoot file(String absolutePath, String text) {
        try {
            Path f = dir.resolve(absolutePath.substring(1));
            Files.createDirectories(f.getParent());
            Files.writeString(f, text);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public PreparedRoot libvirtdConf(String text) {
        return file("/etc/libvirt/libvirtd.conf", text);
    }

    public PreparedRoot qemuConf(String text) {
        return file("/etc/libvirt/qemu.conf", text);
    }

    /** {@code /var/lib/libvirt/images} with this mode. */
    public PreparedRoot imagesDirectory(String mode) {
        try {
            Path d = Files.createDirectories(dir.resolve("var/lib/libvirt/images"));
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString(mode));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An image file in {@code /var/lib/libvirt/images} with this mode ({@code rw-r--r--}). */
    public PreparedRoot image(String name, String mode) {
        try {
            Path f = dir.resolve("var/lib/libvirt/images").resolve(name);
            Files.createDirectories(f.getParent());
            Files.write(f, new byte[] {'Q', 'F', 'I', (byte) 0xfb});
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A link enabling a unit, as {@code systemctl enable} writes it ({@code sockets.target.wants/libvirtd.socket}). */
    public PreparedRoot enabled(String wantsDirectory, String unit) {
        try {
            Path wants = Files.createDirectories(dir.resolve("etc/systemd/system").resolve(wantsDirectory));
            // systemctl links to /lib/systemd/system/UNIT; a dangling link inside the root says the same here
            Files.createSymbolicLink(wants.resolve(unit), Path.of("../" + unit));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A process in the root's {@code /proc}: its name, effective uid, and command line. */
    public PreparedRoot process(int pid, String comm, int uid, String... argv) {
        try {
            Path p = Files.createDirectories(dir.resolve("proc").resolve(String.valueOf(pid)));
            Files.writeString(p.resolve("comm"), comm + "\n");
            Files.writeString(p.resolve("status"), "Name:\t" + comm + "\nUid:\t" + uid + "\t" + uid + "\t" + uid
                    + "\t" + uid + "\n");
            Files.write(p.resolve("cmdline"), (String.join("\0", argv) + "\0").getBytes(StandardCharsets.UTF_8));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PID 1 of the root's {@code /proc}: {@code systemd}, or {@code init}... */
    public PreparedRoot init(String comm) {
        return process(1, comm, 0, "/sbin/" + comm);
    }
}
