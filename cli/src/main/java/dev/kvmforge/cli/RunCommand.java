package dev.kvmforge.cli;

import dev.kvmforge.playbooks.PlaybookFile;
import dev.kvmforge.playbooks.ShippedPlaybooks;
import dev.kvmforge.runner.PlaybookRun;
import dev.kvmforge.runner.connection.Controller;
import dev.kvmforge.runner.connection.Secret;
import dev.kvmforge.runner.connection.StandardConnector;
import dev.kvmforge.runner.event.EventListener;
import dev.kvmforge.runner.execute.RunOptions;
import dev.kvmforge.runner.execute.RunResult;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.playbook.AnsibleConfig;
import dev.kvmforge.runner.playbook.Playbook;
import dev.kvmforge.runner.report.ConsoleReporter;
import dev.kvmforge.runner.report.JUnitXmlReporter;
import dev.kvmforge.runner.report.JsonLinesReporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kvmforge run PLAYBOOK}: runs a playbook, as {@code ansible-playbook} does. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class, sortOptions = false,
        description = {"Runs a playbook against the hosts of an inventory (the local host when there is none).",
            "PLAYBOOK is a file, or the name of a shipped playbook (see --list-playbooks)."},
        footer = {"", "Examples:",
            "  kvmforge run site.yml -i hosts.ini --check --diff",
            "  kvmforge run ping -i hosts.yml -l kvm1 -e disk_size=20G",
            "", "Exit codes: 0 ok, 1 error, 2 a host failed, 3 a host unreachable, 4 parse error, "
                + "5 bad options, 99 interrupted."})
final class RunCommand implements Callable<Integer>, Verbose {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PLAYBOOK",
            description = "Playbook file, or the name of a shipped playbook.")
    String playbook;

    @Mixin
    InventoryOptions inventory;

    @Option(names = {"-t", "--tags"}, paramLabel = "TAGS", split = ",",
            description = "Run only tasks with these tags (comma-separated, repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--skip-tags", paramLabel = "TAGS", split = ",",
            description = "Skip tasks with these tags (comma-separated, repeatable).")
    List<String> skipTags = new ArrayList<>();

    @Option(names = {"-e", "--extra-vars"}, paramLabel = "VARS",
            description = "Extra variables, over all others: KEY=VALUE (strings; several separated by blanks), "
                    + "@FILE (YAML or JSON) or '{\"key\": value}' (JSON or YAML). Repeatable.")
    List<String> extraVars = new ArrayList<>();

    @Option(names = {"-C", "--check"}, description = "Dry run: show what would change, change nothing.")
    boolean check;

    @Option(names = {"-D", "--diff"}, description = "Show text changes as unified diffs.")
    boolean diff;

    @Option(names = {"-f", "--forks"}, paramLabel = "FORKS",
            description = "Hosts worked on at once (default: ansible.cfg's forks, else 10).")
    Integer forks;

    @Option(names = {"-b", "--become"}, description = "Become root (sudo) for every task.")
    boolean become;

    @Option(names = "--become-user", paramLabel = "USER", description = "User to become (default: root).")
    String becomeUser;

    @Option(names = {"-K", "--ask-become-pass"},
            description = "Ask for the become (sudo) password; read from standard input without a terminal.")
    boolean askBecomePass;

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Log in as this user.")
    String user;

    @Option(names = "--private-key", paramLabel = "FILE", description = "Private key file for SSH.")
    Path privateKey;

    @Mixin
    HostKeyOptions hostKeys;

    @Option(names = {"-T", "--timeout"}, paramLabel = "SECONDS",
            description = "Override the connection timeout in seconds (default: 10); a host's ansible_ssh_timeout or "
                    + "ansible_timeout wins.")
    Integer timeout;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every event as a JSON line to FILE.")
    Path json;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "Also write a JUnit XML report to FILE.")
    Path junitXml;

    @Option(names = "--start-at-task", paramLabel = "NAME", description = "Start at the task with this name.")
    String startAtTask;

    @Option(names = "--list-tasks", description = "List the tasks that would run; run nothing.")
    boolean listTasks;

    @Option(names = "--list-hosts", description = "List the hosts each play would run on; run nothing.")
    boolean listHosts;

    @Option(names = "--syntax-check", description = "Check the playbook; run nothing.")
    boolean syntaxCheck;

    @Option(names = "--list-playbooks", description = "List the shipped playbooks that PLAYBOOK can name.")
    boolean listPlaybooks;

    @Option(names = "-v", description = "More output: -v results, -vv task paths, -vvv commands and output, "
            + "-vvvv stack traces.")
    boolean[] verbose = new boolean[0];

    private final Invocation invocation;

    RunCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public int verbosity() {
        return verbose.length;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (listPlaybooks) {
            ShippedPlaybooks.names().forEach(out::println);
            out.flush();
            return RunResult.OK;
        }
        if (playbook == null) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'PLAYBOOK'");
        }
        if (forks != null && forks < 1) {
            throw new ParameterException(spec.commandLine(), "--forks must be at least 1, not " + forks);
        }
        if (timeout != null && timeout < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--timeout must be a positive whole number of seconds, not " + timeout);
        }
        Controller controller = invocation.controller();
        Map<String, String> env = controller.environment();
        AnsibleConfig config = AnsibleConfig.find(env, controller.workingDirectory());
        RunOptions options = options(config, env).withController(controller);
        Inventory hosts = inventory.load(config, controller);
        try (PlaybookFile file = PlaybookFile.resolve(playbook, controller.workingDirectory())) {
            PlaybookRun run = PlaybookRun.of(file.path()).withInventory(hosts).withAnsibleConfig(config, env);
            if (syntaxCheck || listTasks || listHosts) {
                Playbook parsed = run.parse();
                PlaybookListing.print(out, playbook, parsed, hosts, options, listHosts, listTasks);
                out.flush();
                return RunResult.OK;
            }
            SshWarmUp.forAnyRemote(hosts.hosts());
            if (askBecomePass || config.becomeAskPass(env).orElse(false)) {
                Secret password = BecomePassword.ask(invocation.terminal());
                options = options.withBecome(options.become(), options.becomeUser(), password);
            }
            return run(run.withOptions(options), out);
        }
    }

    private int run(PlaybookRun run, PrintWriter out) {
        List<EventListener> reporters = new ArrayList<>();
        reporters.add(new ConsoleReporter(out, verbosity(), invocation.console()));
        if (json != null) {
            reporters.add(new JsonLinesReporter(json));
        }
        if (junitXml != null) {
            reporters.add(new JUnitXmlReporter(junitXml));
        }
        reporters.forEach(run::withListener);
        try (StandardConnector connector = new StandardConnector(invocation.controller(), invocation.kept());
             InterruptGuard guard = new InterruptGuard(run::stop, run::abort, out::flush, invocation)) {
            try {
                return run.withConnector(connector).run().exitCode();
            } finally {
                reporters.forEach(EventListener::close);
                out.flush();
            }
        }
    }

    /**
     * The options given, and for each one not given ansible.cfg's setting ({@code forks}, {@code remote_user},
     * {@code private_key_file}, {@code host_key_checking}, {@code timeout}, {@code become}, {@code become_user}) or its
     * {@code ANSIBLE_*} variable, then the default.
     */
    RunOptions options(AnsibleConfig config, Map<String, String> env) {
        config.requireSudo(env);
        Integer t = timeout != null ? timeout : config.timeout(env).orElse(null);
        return RunOptions.defaults()
                .withCheck(check)
                .withDiff(diff)
                .withForks(forks != null ? forks : config.forks(env).orElse(RunOptions.DEFAULT_FORKS))
                .withLimit(inventory.limit)
                .withSlice(inventory.slice())
                .withTags(RunOptions.tagSet(tags))
                .withSkipTags(RunOptions.tagSet(skipTags))
                .withExtraVars(ExtraVars.parse(extraVars, invocation.controller()))
                .withBecome(become || config.become(env).orElse(false),
                        becomeUser != null ? becomeUser : config.becomeUser(env).orElse(null), null)
                .withRemoteUser(user != null ? user : config.remoteUser(env).orElse(null))
                .withPrivateKey(privateKey != null ? privateKey : config.privateKeyFile(env).orElse(null))
                .withKnownHosts(hostKeys.knownHosts, hostKeys.policy(config, env))
                .withStartAtTask(startAtTask)
                .withTimeout(t == null ? null : Duration.ofSeconds(t))
                .withVerbosity(verbosity());
    }
}
