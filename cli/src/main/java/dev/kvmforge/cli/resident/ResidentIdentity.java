package dev.kvmforge.cli.resident;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a resident process runs: its jar (path, size, modification time) and its JDK (its home, VM version, and the
 * size and time of its modules file, which an upgrade in place changes). A client of another jar or JDK
 * is not served (the process leaves and the client starts one of its own), and a resident process whose jar changed
 * under it leaves.
 *
 * @param jar  the kvmforge jar, or null when the classes do not come from a jar (tests on target/classes: then the
 *             class path tells one from another)
 * @param text the identity compared, jar and JDK
 */
record ResidentIdentity(Path jar, String text) {

    /** The identity of the classes this JVM runs. */
    static ResidentIdentity ofThisJvm() {
        return of(codeSource());
    }

    /** The identity of {@code jar} (null: classes from directories, told apart by the class path) on this JDK. */
    static ResidentIdentity of(Path jar) {
        return new ResidentIdentity(jar, describe(jar));
    }

    /** Whether the jar on disk is still the one this identity was taken of. */
    boolean current() {
        return text.equals(describe(jar));
    }

    private static String describe(Path jar) {
        String java = System.getProperty("java.home") + " " + System.getProperty("java.vm.version") + " "
                + modified(Path.of(System.getProperty("java.home"), "lib", "modules")); // a JDK upgraded in place
        if (jar == null) {
            return "classes " + absoluteClassPath() + " " + java;
        }
        try {
            BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
            return jar + " " + a.size() + " " + a.lastModifiedTime().toMillis() + " " + java;
        } catch (IOException e) {
            return jar + " gone " + java;
        }
    }

    /** This JVM's class path with every entry absolute (the resident process is started with it, in {@code /}). */
    static String absoluteClassPath() {
        StringBuilder path = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                path.append(path.length() == 0 ? "" : java.io.File.pathSeparator).append(Path.of(entry).toAbsolutePath());
            }
        }
        return path.toString();
    }

    private static String modified(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.size() + "@" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return "-";
        }
    }

    private static Path codeSource() {
        try {
            Path p = Path.of(ResidentIdentity.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) ? p.toAbsolutePath() : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
