package dev.kvmforge.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code prepare-docker.sh}, bundled in kvmforge-testkit, so that {@link DebianHost}s can start on this machine:
 * it installs Debian's {@code docker.io} and {@code mmdebstrap} when missing, starts
 * {@code dockerd --bridge=none --iptables=false} when no daemon answers (it stays running, log in
 * {@code /var/log/kvmforge-dockerd.log}) and builds the image {@value DebianHost#DEFAULT_IMAGE} from Debian's archive
 * when it is missing or older than the script's recipe (about a minute). It needs root.
 *
 * <pre>{@code
 * @BeforeAll
 * static void machine() {
 *     PrepareDocker.ensure();   // fast when all is there
 * }
 * }</pre>
 *
 * <p>To run the script by hand: {@code unzip -p kvmforge-testkit.jar dev/kvmforge/testkit/prepare-docker.sh | sudo
 * bash}, or from a checkout {@code sudo bash testkit/src/main/resources/dev/kvmforge/testkit/prepare-docker.sh}.
 */
public final class PrepareDocker {

    /** The script's file name. */
    public static final String SCRIPT_NAME = "prepare-docker.sh";

    private PrepareDocker() {
    }

    /** Makes the machine ready for {@link DebianHost}s of the default image; does nothing when it already is. */
    public static void ensure() {
        ensure(DebianHost.DEFAULT_IMAGE);
    }

    /**
     * Runs the script when Docker or the image is not ready, then checks again. Its progress goes to stderr; a
     * failure throws with the end of its output.
     */
    public static void ensure(String image) {
        if (DockerCheck.problem(image) == null) {
            return;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException(SCRIPT_NAME + " needs root, and Docker or the image " + image
                    + " is not ready: " + DockerCheck.problem(image));
        }
        run(image);
        DockerCheck.requireReady(image);
    }

    /** The script's text. */
    public static String scriptText() {
        try (InputStream in = PrepareDocker.class.getResourceAsStream(SCRIPT_NAME)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT_NAME + " is missing from kvmforge-testkit");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(String image) {
        Path script = null;
        try {
            script = Files.createTempFile("kvmforge-prepare-docker-", ".sh",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.writeString(script, scriptText());
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                    .redirectInput(new java.io.File("/dev/null"));
            pb.environment().put("KVMFORGE_IMAGE", image);
            Process p = pb.start();
            Deque<String> tail = new ArrayDeque<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    System.err.println(line);
                    tail.addLast(line);
                    if (tail.size() > 30) {
                        tail.removeFirst();
                    }
                }
            }
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(SCRIPT_NAME + " did not finish within 20 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(SCRIPT_NAME + " failed with status " + p.exitValue() + ":\n"
                        + String.join("\n", tail));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + SCRIPT_NAME + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + SCRIPT_NAME, e);
        } finally {
            if (script != null) {
                try {
                    Files.deleteIfExists(script);
                } catch (IOException e) {
                    // best effort
                }
            }
        }
    }
}
