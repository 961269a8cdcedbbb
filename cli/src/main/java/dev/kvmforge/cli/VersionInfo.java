package dev.kvmforge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code kvmforge --version}: the version Maven wrote into {@code version.properties}, and the Java running it. */
public final class VersionInfo implements IVersionProvider {

    /** The kvmforge version, or {@code unknown} when the resource is missing (an unbuilt tree). */
    static String version() {
        try (InputStream in = VersionInfo.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return lines();
    }

    /** What {@code --version} prints: the kvmforge version and the Java running it. */
    public static String[] lines() {
        return new String[] {
            "kvmforge " + version(),
            "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
        };
    }
}
