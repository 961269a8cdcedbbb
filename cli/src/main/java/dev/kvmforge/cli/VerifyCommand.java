package dev.kvmforge.cli;

import dev.kvmforge.checks.VerificationResult;
import dev.kvmforge.checks.VerificationRun;
import dev.kvmforge.checks.engine.CheckParameters;
import dev.kvmforge.checks.engine.CheckPlan;
import dev.kvmforge.checks.model.Severity;
import dev.kvmforge.checks.report.ReportSet;
import dev.kvmforge.runner.connection.Controller;
import dev.kvmforge.runner.connection.HostKeyPolicy;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.Suggestions;
import dev.kvmforge.runner.inventory.HostSlice;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.inventory.InventoryHost;
import dev.kvmforge.runner.playbook.AnsibleConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kvmforge verify}: runs the host checks (built-in, YAML specs) on the hosts of an inventory through
 * {@link VerificationRun}, prints them per host, writes the reports asked for, and exits with a code CI can act on.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class, sortOptions = false,
        description = {"Checks that hosts are fit to run KVM guests, and not open where they should be closed.",
            "Runs the built-in checks (see --list-checks) and those of YAML spec files on every host of the inventory"
                + " (the local host when there is none), all of a host's probes in one command over one connection."},
        footer = {"", "Examples:",
            "  kvmforge verify -i hosts.ini",
            "  kvmforge verify -i hosts.ini -l kvm1 --checks 'LV-*' --tags security -q",
            "  kvmforge verify -i hosts.ini --spec site.yml --waivers waivers.yml",
            "  kvmforge verify -i hosts.ini --fail-on high --junit-xml target/verify.xml",
            "  kvmforge verify --prometheus /var/lib/node_exporter/textfile/kvmforge.prom",
            "", "Exit codes: 0 every check passed (or none failed at or above --fail-on), 2 a check failed at or above"
                + " --fail-on, 3 a host could not be checked, 4 a spec, waiver or inventory file cannot be read,"
                + " 5 bad options, 1 error, 99 interrupted."})
final class VerifyCommand implements Callable<Integer>, Verbose {

    @Spec
    CommandSpec spec;

    @Mixin
    InventoryOptions inventory;

    @Option(names = "--checks", paramLabel = "IDS", split = ",",
            description = "Only these checks: ids or patterns with * and ? (comma-separated, repeatable).")
    List<String> checks = new ArrayList<>();

    @Option(names = "--tags", paramLabel = "TAGS", split = ",",
            description = "Only checks with one of these tags (comma-separated, repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--spec", paramLabel = "FILE", description = "A YAML check spec whose checks join the built-in"
            + " ones (repeatable).")
    List<Path> specs = new ArrayList<>();

    @Option(names = "--waivers", paramLabel = "FILE",
            description = "Accepted failures (YAML: id, hosts, justification, expires): a waived FAIL passes until"
                    + " its last day.")
    Path waivers;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", converter = SeverityOption.class,
            completionCandidates = SeverityOption.class,
            description = "Lowest severity at which a FAIL (or ERROR) fails the run: ${COMPLETION-CANDIDATES}."
                    + " Default: info, so any FAIL fails the run, as a failed task does in Ansible.")
    Severity failOn = Severity.INFO;

    @Option(names = "--junit-xml", paramLabel = "FILE",
            description = "Also write a JUnit XML report (a testsuite per host, a testcase per check).")
    Path junitXml;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write a JSON report.")
    Path json;

    @Option(names = "--prometheus", paramLabel = "FILE",
            description = "Also write metrics for node_exporter's textfile collector (a .prom file).")
    Path prometheus;

    @Option(names = {"-q", "--quiet"}, description = "Print only what did not pass, and the summary line.")
    boolean quiet;

    @Option(names = {"-f", "--forks"}, paramLabel = "FORKS",
            description = "Hosts checked at once (default: ${DEFAULT-VALUE}).")
    int forks = 10;

    @Mixin
    HostKeyOptions hostKeys;

    @Option(names = "--list-checks", description = "List the checks that would run (with --checks, --tags, --spec);"
            + " check nothing.")
    boolean listChecks;

    @Option(names = "-v", description = "More output: -v the messages of passing checks too, -vvvv stack traces.")
    boolean[] verbose = new boolean[0];

    private final Invocation invocation;

    VerifyCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public int verbosity() {
        return verbose.length;
    }

    @Override
    public Integer call() {
        if (forks < 1) {
            throw new ParameterException(spec.commandLine(), "--forks must be at least 1, not " + forks);
        }
        PrintWriter out = spec.commandLine().getOut();
        Controller controller = invocation.controller();
        Map<String, String> env = controller.environment();
        AnsibleConfig config = AnsibleConfig.find(env, controller.workingDirectory());
        Inventory hosts = inventory.load(config, controller);
        String limit = inventory.limit;
        if (limit != null && hosts.select(limit).isEmpty()) {
            throw KvmforgeException.options("--limit '" + limit + "' matches no host of the inventory",
                    Suggestions.hint(limit, hosts.hosts().stream().map(InventoryHost::name).toList(), "hosts"));
        }
        HostSlice slice = inventory.slice();
        List<InventoryHost> within = hosts.select(limit == null ? Inventory.ALL : limit);
        if (slice != null && within.stream().noneMatch(h -> slice.contains(h.name()))) {
            out.println("kvmforge: slice " + slice + " has none of the hosts"
                    + (limit == null ? "" : " within --limit '" + limit + "'") + ": nothing to check");
            // its reports are written all the same: kvmforge report merge wants every slice's
            Instant now = Instant.now();
            ReportSet.console(out, invocation.console(), true, 0).withJUnitXml(junitXml).withJson(json)
                    .withPrometheus(prometheus).write(new VerificationResult(List.of(), List.of(), now, now,
                            slice.toString(), within.stream().map(InventoryHost::name).toList()));
            out.flush();
            return VerificationResult.OK;
        }
        if (!listChecks) {
            SshWarmUp.forAnyRemote(hosts.select(limit == null ? Inventory.ALL : limit));
        }
        VerificationRun run = run(hosts, hostKeys.policy(config, env));
        CheckPlan plan = run.plan();
        if (listChecks) {
            CheckListing.print(out, plan.selected());
            return VerificationResult.OK;
        }
        ReportSet reports = ReportSet.console(out, invocation.console(), quiet, verbosity())
                .withJUnitXml(junitXml).withJson(json).withPrometheus(prometheus);
        VerificationResult result;
        // checks are stopped, not ended: past the grace period the process ends as the guard says
        try (InterruptGuard guard = new InterruptGuard(run::stop, () -> { }, out::flush, invocation)) {
            result = reports.run(run);
        } finally {
            out.flush();
        }
        return result.exitCode(failOn);
    }

    private VerificationRun run(Inventory hosts, HostKeyPolicy policy) {
        return VerificationRun.of(hosts).withFailOn(failOn).withForks(forks)
                .withKnownHosts(hostKeys.knownHosts, policy)
                .withLimit(inventory.limit).withChecks(checks).withTags(tags).withSpecs(specs).withWaivers(waivers)
                .withKeptSessions(invocation.kept())
                .withController(invocation.controller())
                .withSlice(inventory.slice())
                .withConfigurationParameter(CheckParameters.WORKING_DIRECTORY,
                        invocation.controller().workingDirectory().toString());
    }
}
