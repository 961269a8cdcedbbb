package dev.kvmforge.checks.engine;

import dev.kvmforge.checks.model.Severity;
import dev.kvmforge.checks.probe.ProbeBatch;
import dev.kvmforge.runner.connection.ConnectionVars;
import dev.kvmforge.runner.connection.Controller;
import dev.kvmforge.runner.connection.HostKeyPolicy;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.Suggestions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * The engine's configuration, read from the {@link CheckParameters}.
 *
 * @param inventory    inventory sources; empty: the local host
 * @param limit        host pattern, or null for all
 * @param checks       check id patterns; empty: all
 * @param tags         tags; empty: all
 * @param root         root directory for the file-reading probes, or null for {@code /}
 * @param forks        hosts at once
 * @param timeout      time limit of the probes on a host, together
 * @param overrides    connection settings given over the inventory
 * @param specs        YAML spec files
 * @param checkClasses names of classes with users' Java checks
 * @param waivers      the waivers file, or null
 * @param failOn       the lowest severity at which a FAIL or ERROR fails the run
 */
record EngineSettings(List<Path> inventory, String limit, List<String> checks, Set<String> tags, String root,
                      int forks, Duration timeout, ConnectionVars.Overrides overrides, List<Path> specs,
                      List<String> checkClasses, Path waivers, Severity failOn) {

    static final int DEFAULT_FORKS = 10;
    static final Duration DEFAULT_TIMEOUT = ProbeBatch.DEFAULT_TIMEOUT;

    /**
     * @throws KvmforgeException an {@code OPTIONS} error for a value that makes no sense
     */
    static EngineSettings from(ConfigurationParameters parameters) {
        Lookup p = parameters::get;
        List<Path> inventory = list(p, CheckParameters.INVENTORY).stream().map(Path::of).toList();
        int forks = positive(p, CheckParameters.FORKS, DEFAULT_FORKS);
        Duration timeout = Duration.ofSeconds(positive(p, CheckParameters.TIMEOUT, (int) DEFAULT_TIMEOUT.toSeconds()));
        ConnectionVars.Overrides overrides = overrides(p);
        return new EngineSettings(inventory, text(p, CheckParameters.LIMIT), list(p, CheckParameters.CHECKS),
                new LinkedHashSet<>(list(p, CheckParameters.TAGS)), text(p, CheckParameters.ROOT), forks, timeout,
                overrides, list(p, CheckParameters.SPECS).stream().map(Path::of).toList(),
                list(p, CheckParameters.CHECK_CLASSES), path(p, CheckParameters.WAIVERS), failOn(p));
    }

    /** Reads a parameter: {@link ConfigurationParameters#get}, or a map's. */
    @FunctionalInterface
    interface Lookup {
        Optional<String> get(String key);
    }

    /** The connection settings given over the inventory. */
    static ConnectionVars.Overrides overrides(Lookup p) {
        HostKeyPolicy policy;
        try {
            policy = p.get(CheckParameters.HOST_KEY_POLICY).map(HostKeyPolicy::parse).orElse(HostKeyPolicy.STRICT);
        } catch (IllegalArgumentException e) {
            throw KvmforgeException.options(CheckParameters.HOST_KEY_POLICY + ": " + e.getMessage(), null);
        }
        return new ConnectionVars.Overrides(null, text(p, CheckParameters.USER), path(p, CheckParameters.PRIVATE_KEY),
                path(p, CheckParameters.KNOWN_HOSTS), policy, null, text(p, CheckParameters.WORKING_DIRECTORY) == null
                        ? null : new Controller(Path.of(text(p, CheckParameters.WORKING_DIRECTORY)), System.getenv()));
    }

    private static Severity failOn(Lookup p) {
        String t = text(p, CheckParameters.FAIL_ON);
        if (t == null) {
            return Severity.INFO;
        }
        try {
            return Severity.parse(t);
        } catch (IllegalArgumentException e) {
            throw KvmforgeException.options(CheckParameters.FAIL_ON + " = '" + t + "' is not a severity",
                    Suggestions.hint(t.toLowerCase(Locale.ROOT),
                            Arrays.stream(Severity.values()).map(Severity::toString).toList(), "severities"));
        }
    }

    private static String text(Lookup p, String key) {
        return p.get(key).map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
    }

    private static Path path(Lookup p, String key) {
        String t = text(p, key);
        return t == null ? null : Path.of(t.startsWith("~/") ? System.getProperty("user.home") + t.substring(1) : t);
    }

    private static List<String> list(Lookup p, String key) {
        String t = text(p, key);
        return t == null ? List.of() : Arrays.stream(t.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static int positive(Lookup p, String key, int otherwise) {
        String t = text(p, key);
        if (t == null) {
            return otherwise;
        }
        try {
            int v = Integer.parseInt(t);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw KvmforgeException.options(key + " = '" + t + "' is not a positive whole number", null);
    }
}
