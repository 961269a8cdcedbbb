package dev.kvmforge.maven;

import dev.kvmforge.checks.VerificationResult;
import dev.kvmforge.checks.VerificationRun;
import dev.kvmforge.checks.model.Severity;
import dev.kvmforge.checks.report.ReportSet;
import dev.kvmforge.runner.connection.HostKeyPolicy;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.Suggestions;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.inventory.InventoryHost;
import dev.kvmforge.runner.report.ConsoleMode;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Verifies the hosts of an inventory with kvmforge's checks (built-in, YAML specs, waivers), as {@code kvmforge
 * verify} does, and prints them through Maven's log in the same shape: a block per host, a line per check, the
 * summary line. The JUnit XML and JSON reports ({@value #REPORT_NAME}{@code .xml}, {@code .json}) go to
 * {@code reportsDirectory}.
 *
 * <p>A check failing (or unable to decide) at or above {@code failOn}, or a host that cannot be checked, fails the
 * build with one line per failing check naming the host, the check id, what was seen and the hint. A spec, waivers
 * file, inventory or selection that cannot be used stops it with one line naming file:line:column. Stack traces only
 * with {@code mvn -e}.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.INTEGRATION_TEST, threadSafe = true, requiresProject = false)
public class VerifyMojo extends AbstractMojo {

    private static final String GOAL = "kvm:verify";

    /** The reports' file name without its ending. */
    static final String REPORT_NAME = "kvm-verify";

    /** The inventory file or folder (INI or YAML). Default: the local host only. */
    @Parameter(property = "kvm.inventory")
    File inventory;

    /** Only the hosts matching this pattern ({@code kvm*}, {@code hypervisors:!kvm3}). */
    @Parameter(property = "kvm.limit")
    String limit;

    /**
     * Only these checks: ids such as HV-DEV-KVM, or patterns with {@code *} and {@code ?} ({@code LV-*}); on the
     * command line comma-separated. Default: all.
     */
    @Parameter(property = "kvm.checks")
    List<String> checks;

    /**
     * Only checks with one of these tags; on the command line comma-separated. The property is
     * {@code kvm.checkTags}, not {@code kvm.tags}, which selects kvm:provision's tasks.
     */
    @Parameter(property = "kvm.checkTags")
    List<String> tags;

    /** YAML check spec files, or folders of them ({@code *.yml}, {@code *.yaml}), whose checks join the built-in ones. */
    @Parameter(property = "kvm.specs")
    List<File> specs;

    /** A waivers file: accepted failures (check id, hosts, justification, expiry). */
    @Parameter(property = "kvm.waivers")
    File waivers;

    /**
     * The lowest severity at which a failed check fails the build: info, low, medium, high or critical. Default info:
     * any failed check does, as in {@code kvmforge verify}.
     */
    @Parameter(property = "kvm.failOn", defaultValue = "info")
    String failOn = "info";

    /** Where the JUnit XML and JSON reports go ({@code kvm-verify.xml}, {@code kvm-verify.json}). */
    @Parameter(property = "kvm.reportsDirectory", defaultValue = "${project.build.directory}/kvm-reports")
    File reportsDirectory;

    /** Hosts checked at once. */
    @Parameter(property = "kvm.forks", defaultValue = "10")
    int forks = 10;

    /** Unknown SSH host keys: strict (refuse), accept-new (record) or off. A changed key is always refused. */
    @Parameter(property = "kvm.hostKeyPolicy", defaultValue = "strict")
    String hostKeyPolicy = "strict";

    /** The known_hosts file. Default: ~/.ssh/known_hosts. */
    @Parameter(property = "kvm.knownHosts")
    File knownHosts;

    /** Print only what did not pass, and the summary line. */
    @Parameter(property = "kvm.quiet", defaultValue = "false")
    boolean quiet;

    /** 1 or more: the messages of passing and skipped checks too. */
    @Parameter(property = "kvm.verbosity", defaultValue = "0")
    int verbosity;

    /** Skip kvm:verify (and, through the property, kvm:provision). */
    @Parameter(property = "kvm.skip", defaultValue = "false")
    boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping " + GOAL + ": skip is true");
            return;
        }
        Severity threshold;
        HostKeyPolicy policy;
        List<Path> specFiles;
        try {
            threshold = failOnSeverity();
            policy = hostKeyPolicy();
            if (forks < 1) {
                throw new IllegalArgumentException("forks must be at least 1, not " + forks);
            }
            requireFile("inventory", inventory, true);
            requireFile("waivers", waivers, false);
            specFiles = specFiles();
        } catch (IllegalArgumentException e) {
            throw UserErrors.parameter(GOAL, e);
        }
        ProvisionMojo.quietApacheSshd();
        try {
            Inventory hosts = inventory == null ? Inventory.localhost() : Inventory.load(inventory.toPath());
            if (limit != null && !limit.isBlank() && hosts.select(limit).isEmpty()) {
                throw KvmforgeException.options("limit '" + limit + "' matches no host of the inventory",
                        Suggestions.hint(limit, hosts.hosts().stream().map(InventoryHost::name).toList(), "hosts"));
            }
            VerificationRun run = VerificationRun.of(hosts).withFailOn(threshold).withForks(forks)
                    .withKnownHosts(knownHosts == null ? null : knownHosts.toPath(), policy)
                    .withLimit(limit).withChecks(list(checks)).withTags(list(tags)).withSpecs(specFiles)
                    .withWaivers(waivers == null ? null : waivers.toPath());
            int selected = run.plan().selected().size();
            Path reports = reportsDirectory().toPath();
            getLog().info(GOAL + ": " + selected + (selected == 1 ? " check" : " checks") + " on "
                    + (inventory == null ? "the local host" : inventory.getPath()
                    + (limit == null || limit.isBlank() ? "" : " (limit " + limit + ")"))
                    + ", failing the build at severity " + threshold + " or above");
            VerificationResult result;
            PrintWriter out = MavenLogWriter.printWriter(getLog());
            try {
                result = ReportSet.console(out, ConsoleMode.PLAIN, quiet, verbosity)
                        .withJUnitXml(reports.resolve(REPORT_NAME + ".xml"))
                        .withJson(reports.resolve(REPORT_NAME + ".json"))
                        .run(run);
            } finally {
                out.close();
            }
            getLog().info(GOAL + ": reports in " + reports);
            conclude(result, threshold);
        } catch (KvmforgeException e) {
            UserErrors.rethrow(GOAL, e);
        }
    }

    private static void conclude(VerificationResult result, Severity threshold)
            throws MojoExecutionException, MojoFailureException {
        if (!result.runProblems().isEmpty()) {
            throw new MojoExecutionException(GOAL + ": " + String.join("; ", result.runProblems().stream()
                    .map(HostFailures::oneLine).toList()));
        }
        if (CheckFailures.failsBuild(result, threshold)) {
            throw new MojoFailureException(CheckFailures.message(GOAL, result, threshold));
        }
    }

    /** The severity named by {@code failOn}; throws, naming the parameter and the valid words, when it is none. */
    Severity failOnSeverity() {
        List<String> words = Arrays.stream(Severity.values()).map(Severity::toString).toList();
        String v = failOn == null ? "" : failOn.strip().toLowerCase(Locale.ROOT);
        if (words.contains(v)) {
            return Severity.parse(v);
        }
        List<String> near = Suggestions.nearest(v, words);
        throw new IllegalArgumentException("failOn: unknown severity '" + failOn + "': use one of "
                + String.join(", ", words) + (near.isEmpty() ? "" : " (did you mean " + String.join(", ", near) + "?)"));
    }

    private HostKeyPolicy hostKeyPolicy() {
        try {
            return HostKeyPolicy.parse(hostKeyPolicy == null ? "strict" : hostKeyPolicy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hostKeyPolicy: " + e.getMessage());
        }
    }

    private File reportsDirectory() {
        return reportsDirectory != null ? reportsDirectory : new File("target", "kvm-reports");
    }

    /** The spec files, a folder standing for its {@code *.yml} and {@code *.yaml} files in name order. */
    List<Path> specFiles() {
        List<Path> files = new ArrayList<>();
        for (File spec : specs == null ? List.<File>of() : specs) {
            if (spec == null || spec.getPath().isBlank()) {
                continue;
            }
            if (spec.isDirectory()) {
                try (Stream<Path> in = Files.list(spec.toPath())) {
                    List<Path> yaml = in.filter(p -> Files.isRegularFile(p) && p.getFileName().toString()
                            .matches(".*\\.ya?ml")).sorted().toList();
                    if (yaml.isEmpty()) {
                        throw new IllegalArgumentException("specs: the folder " + spec + " holds no .yml or .yaml file");
                    }
                    files.addAll(yaml);
                } catch (IOException e) {
                    throw new IllegalArgumentException("specs: cannot list " + spec + ": " + e.getMessage());
                }
            } else {
                requireFile("specs", spec, false);
                files.add(spec.toPath());
            }
        }
        return files;
    }

    private static List<String> list(List<String> values) {
        return values == null ? List.of() : values;
    }

    private static void requireFile(String parameter, File file, boolean folderToo) {
        if (file == null || file.isFile() || folderToo && file.isDirectory()) {
            return;
        }
        throw new IllegalArgumentException(parameter + ": " + file + (file.isDirectory() ? " is a folder, not a file"
                : " does not exist"));
    }
}
