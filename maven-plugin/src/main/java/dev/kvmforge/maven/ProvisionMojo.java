package dev.kvmforge.maven;

import dev.kvmforge.playbooks.PlaybookFile;
import dev.kvmforge.runner.PlaybookRun;
import dev.kvmforge.runner.connection.HostKeyPolicy;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.execute.RunOptions;
import dev.kvmforge.runner.execute.RunResult;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.report.ConsoleMode;
import dev.kvmforge.runner.report.ConsoleReporter;
import java.io.File;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs a playbook against the hosts of an inventory, as {@code kvmforge run} does, and prints the run through
 * Maven's log in the same shape ({@code PLAY [...]}, {@code TASK [...]}, one line per host, {@code PLAY RECAP}).
 *
 * <p>A failed task or an unreachable host fails the build with one line naming the host, the task and what went
 * wrong; a playbook or inventory that cannot be read stops it with one line naming file:line:column. Stack traces
 * only with {@code mvn -e}.
 */
@Mojo(name = "provision", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, threadSafe = true,
        requiresProject = false)
public class ProvisionMojo extends AbstractMojo {

    private static final String GOAL = "kvm:provision";

    /**
     * Maven's SLF4J logger reads a logger's level from this system property when the logger is made. Apache SSHD
     * logs its progress at INFO ("no configuration file at ~/.ssh/config", "Server announced support for ..."),
     * which would land in the build's log between the task lines: unless the user set a level, it gets warn.
     */
    static final String SSHD_LOG_LEVEL = "org.slf4j.simpleLogger.log.org.apache.sshd";

    /** The playbook: a file (relative to the project's folder), or the name of a shipped playbook such as kvm-host. */
    @Parameter(property = "kvm.playbook")
    String playbook;

    /** The inventory file (INI or YAML). Default: the local host only. */
    @Parameter(property = "kvm.inventory")
    File inventory;

    /** Further limit every play's hosts to this pattern (as {@code --limit}). */
    @Parameter(property = "kvm.limit")
    String limit;

    /** Run only tasks with one of these tags; on the command line comma-separated. */
    @Parameter(property = "kvm.tags")
    List<String> tags;

    /** Skip tasks with one of these tags; on the command line comma-separated. */
    @Parameter(property = "kvm.skipTags")
    List<String> skipTags;

    /** Extra variables, over all others (as {@code -e}); values are strings. */
    @Parameter
    Map<String, String> extraVars;

    /**
     * Extra variables on one line, {@code name=value,other=value} ({@code \,} for a comma in a value), as
     * {@code -Dkvm.extraVars=...} gives them; they override those of {@code extraVars}.
     */
    @Parameter(property = "kvm.extraVars")
    String extraVarsList;

    /** Dry run: show what would change, change nothing. */
    @Parameter(property = "kvm.check", defaultValue = "false")
    boolean check;

    /** Show text changes as unified diffs. */
    @Parameter(property = "kvm.diff", defaultValue = "false")
    boolean diff;

    /** Hosts worked on at once. */
    @Parameter(property = "kvm.forks", defaultValue = "10")
    int forks = RunOptions.DEFAULT_FORKS;

    /** Become root (sudo) for every task. */
    @Parameter(property = "kvm.become", defaultValue = "false")
    boolean become;

    /** Unknown SSH host keys: strict (refuse), accept-new (record) or off. A changed key is always refused. */
    @Parameter(property = "kvm.hostKeyPolicy", defaultValue = "strict")
    String hostKeyPolicy = "strict";

    /** The known_hosts file. Default: ~/.ssh/known_hosts. */
    @Parameter(property = "kvm.knownHosts")
    File knownHosts;

    /** 0 to 4, as the count of {@code -v}: 1 results, 2 task paths, 3 commands and their output. */
    @Parameter(property = "kvm.verbosity", defaultValue = "0")
    int verbosity;

    /** Skip kvm:provision (and, through the property, kvm:verify). */
    @Parameter(property = "kvm.skip", defaultValue = "false")
    boolean skip;

    /** The project's folder: relative playbook paths start here. */
    @Parameter(defaultValue = "${basedir}", readonly = true)
    File basedir;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping " + GOAL + ": skip is true");
            return;
        }
        RunOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            throw UserErrors.parameter(GOAL, e);
        }
        quietApacheSshd();
        try {
            Inventory hosts = inventory == null ? Inventory.localhost() : Inventory.load(inventory.toPath());
            try (PlaybookFile file = PlaybookFile.resolve(playbook, basedir == null ? null : basedir.toPath())) {
                getLog().info(GOAL + ": " + (file.shipped() ? "shipped playbook " + playbook : file.path())
                        + " on " + (inventory == null ? "the local host" : inventory.getPath())
                        + (check ? " (check mode: nothing is changed)" : ""));
                run(PlaybookRun.of(file.path()).withInventory(hosts).withOptions(options));
            }
        } catch (KvmforgeException e) {
            UserErrors.rethrow(GOAL, e);
        }
    }

    /** Keeps Apache SSHD's INFO messages out of the build's log, unless the user set its level (see SSHD_LOG_LEVEL). */
    static void quietApacheSshd() {
        if (System.getProperty(SSHD_LOG_LEVEL) == null) {
            System.setProperty(SSHD_LOG_LEVEL, "warn");
        }
    }

    private void run(PlaybookRun run) throws MojoFailureException {
        PrintWriter out = MavenLogWriter.printWriter(getLog());
        ConsoleReporter console = new ConsoleReporter(out, verbosity, ConsoleMode.PLAIN);
        HostFailures failures = new HostFailures();
        RunResult result;
        try {
            result = run.withListener(console).withListener(failures).run();
        } finally {
            console.close();
            out.close();
        }
        if (result.ok()) {
            return;
        }
        if (result.interrupted()) {
            throw new MojoFailureException(GOAL + ": the run was interrupted");
        }
        if (!failures.isEmpty()) {
            throw new MojoFailureException(GOAL + ": " + failures.message());
        }
        throw new MojoFailureException(GOAL + ": the run ended with exit code " + result.exitCode()
                + ": see the log above");
    }

    /** The run's options from the parameters; a value that makes no sense throws, naming the parameter. */
    RunOptions options() {
        if (forks < 1) {
            throw new IllegalArgumentException("forks must be at least 1, not " + forks);
        }
        if (verbosity < 0 || verbosity > 4) {
            throw new IllegalArgumentException("verbosity must be 0 to 4, not " + verbosity);
        }
        HostKeyPolicy policy;
        try {
            policy = HostKeyPolicy.parse(hostKeyPolicy == null ? "strict" : hostKeyPolicy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hostKeyPolicy: " + e.getMessage());
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        if (extraVars != null) {
            vars.putAll(extraVars);
        }
        vars.putAll(KeyValueList.parse("extraVars", extraVarsList));
        return RunOptions.defaults()
                .withCheck(check)
                .withDiff(diff)
                .withForks(forks)
                .withLimit(limit == null || limit.isBlank() ? null : limit)
                .withTags(RunOptions.tagSet(tags == null ? List.of() : tags))
                .withSkipTags(RunOptions.tagSet(skipTags == null ? List.of() : skipTags))
                .withExtraVars(vars)
                .withBecome(become, null, null)
                .withKnownHosts(knownHosts == null ? null : knownHosts.toPath(), policy)
                .withVerbosity(verbosity);
    }
}
