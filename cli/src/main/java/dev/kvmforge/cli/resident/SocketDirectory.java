package dev.kvmforge.cli.resident;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * The directory of a user's resident processes: their sockets (one per kvmforge jar and JDK), the start lock and
 * the log. Only that user may enter it:
 * {@code $XDG_RUNTIME_DIR/kvmforge} where the session has a runtime directory, else
 * {@code ${TMPDIR:-/tmp}/kvmforge-UID}; made with mode 0700 and used only while it is a real directory owned by the
 * user with no access for anyone else (a directory someone else made in /tmp is refused).
 *
 * @param path the directory
 */
record SocketDirectory(Path path) {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    /** The directory for this user with this environment; made if missing. */
    static SocketDirectory forThisUser(Map<String, String> env) throws IOException {
        int uid = uid();
        String runtime = env.get("XDG_RUNTIME_DIR");
        Path dir;
        if (runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime))
                && ownedBy(Path.of(runtime), uid)) {
            dir = Path.of(runtime, "kvmforge");
        } else {
            String tmp = env.getOrDefault("TMPDIR", "/tmp");
            dir = Path.of(tmp.isBlank() ? "/tmp" : tmp, "kvmforge-" + uid);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // checked below
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !ownedBy(dir, uid)
                || !Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY)) {
            throw new IOException(dir + " is not a directory of this user's with mode 0700 (someone else's, or a"
                    + " link); remove it or set XDG_RUNTIME_DIR");
        }
        return new SocketDirectory(dir);
    }

    /**
     * The socket of the resident process of {@code identity}: one per kvmforge jar and JDK, so that two
     * installations used in turn each keep theirs.
     */
    Path socket(ResidentIdentity identity) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(identity.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return path.resolve("resident-" + java.util.HexFormat.of().formatHex(digest, 0, 6) + ".sock");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Path startLock() {
        return path.resolve("start.lock");
    }

    Path log() {
        return path.resolve("resident.log");
    }

    /** This process's user id. */
    static int uid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    private static boolean ownedBy(Path p, int uid) throws IOException {
        return ((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)) == uid;
    }
}
