package dev.kvmforge.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * Checks, with the {@code docker} command and before Testcontainers is touched, that a {@link DebianHost} can start:
 * a daemon answers, the image is there (for the default image: built by the current recipe), and Testcontainers
 * will not try to pull its helper images from a registry. Each failure names what to do.
 */
final class DockerCheck {

    private static final Pattern RECIPE = Pattern.compile("(?m)^recipe=(\\d+)$");

    private DockerCheck() {
    }

    /** Throws an {@link IllegalStateException} saying what is missing, unless a DebianHost of this image can start. */
    static void requireReady(String image) {
        String problem = problem(image);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    /** What keeps a DebianHost of this image from starting, or null when nothing does. */
    static String problem(String image) {
        String fix = "run " + PrepareDocker.SCRIPT_NAME + " as root (PrepareDocker.ensure() runs it from the "
                + "kvmforge-testkit jar; the source is testkit/src/main/resources/dev/kvmforge/testkit/"
                + PrepareDocker.SCRIPT_NAME + ")";
        Run info = docker("info", "--format", "{{.ServerVersion}}");
        if (info == null) {
            return "no docker command on this machine: " + fix;
        }
        if (info.status != 0) {
            return "no Docker daemon answers (" + info.output.strip().lines().reduce((a, b) -> b).orElse("")
                    + "): " + fix;
        }
        Run label = docker("image", "inspect", "--format", "{{index .Config.Labels \"dev.kvmforge.recipe\"}}", image);
        if (label.status != 0) {
            return "the image " + image + " is missing (no registry is used; it is built locally): " + fix;
        }
        if (DebianHost.DEFAULT_IMAGE.equals(image)) {
            String want = String.valueOf(currentRecipe());
            if (!want.equals(label.output.strip())) {
                return "the image " + image + " was built by an older " + PrepareDocker.SCRIPT_NAME + " (recipe '"
                        + label.output.strip() + "', now " + want + "): " + fix;
            }
        }
        TestcontainersConfiguration config = TestcontainersConfiguration.getInstance();
        String ryuk = config.getRyukImage();
        if (!Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED")) && !present(ryuk)) {
            return "Testcontainers would pull its Ryuk image " + repository(ryuk) + " (and retry for minutes "
                    + "without a registry): set the environment variable TESTCONTAINERS_RYUK_DISABLED=true "
                    + "(Testcontainers reads it only from the environment); DebianHost removes its containers itself";
        }
        String tiny = config.getTinyImage();
        if (!config.isDisableChecks() && !present(tiny)) {
            return "Testcontainers' start-up checks would pull " + repository(tiny) + ": set the environment "
                    + "variable TESTCONTAINERS_CHECKS_DISABLE=true (or checks.disable=true in "
                    + "testcontainers.properties)";
        }
        if (Files.exists(Path.of("/.dockerenv")) && isBlank(System.getenv("TESTCONTAINERS_HOST_OVERRIDE"))) {
            return "this machine looks like a container to Testcontainers (/.dockerenv), so it would look for the "
                    + "Docker host through the bridge network, which is off: set the environment variable "
                    + "TESTCONTAINERS_HOST_OVERRIDE=localhost (Testcontainers reads it only from the environment)";
        }
        return null;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** The recipe number of the image the bundled prepare-docker.sh builds. */
    static int currentRecipe() {
        Matcher m = RECIPE.matcher(PrepareDocker.scriptText());
        if (!m.find()) {
            throw new IllegalStateException(PrepareDocker.SCRIPT_NAME + " has no recipe= line");
        }
        return Integer.parseInt(m.group(1));
    }

    /** Whether any tag of the image's repository is present: Testcontainers adds its own tags to some. */
    private static boolean present(String image) {
        Run r = docker("image", "ls", "-q", repository(image));
        return r != null && r.status == 0 && !r.output.isBlank();
    }

    private static String repository(String image) {
        return DockerImageName.parse(image).getUnversionedPart();
    }

    private record Run(int status, String output) {
    }

    /** Runs {@code docker ARGS}; null when there is no docker command. */
    private static Run docker(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("docker"));
        argv.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(new java.io.File("/dev/null"))
                    .start();
        } catch (IOException e) {
            return null;
        }
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(124, "docker " + args[0] + " did not answer within 60 s");
            }
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
