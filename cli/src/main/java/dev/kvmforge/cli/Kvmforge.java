package dev.kvmforge.cli;

import dev.kvmforge.runner.connection.SshConnector;
import dev.kvmforge.runner.report.ConsoleMode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code kvmforge} command: runs playbooks against KVM hosts, verifies them, and shows inventories.
 *
 * <p>Exit codes follow ansible-playbook's: 0 ok, 1 error, 2 a host failed, 3 a host unreachable, 4 a playbook or
 * inventory that cannot be read, 5 bad options, 99 interrupted.
 */
@Command(name = "kvmforge", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Provision and verify KVM virtualization hosts, locally or over SSH.",
        synopsisSubcommandLabel = "COMMAND",
        footer = {"", "Exit codes: 0 ok, 1 error, 2 a host failed, 3 a host unreachable, 4 parse error, "
                + "5 bad options, 99 interrupted.", "Run 'kvmforge COMMAND --help' for a command's options.",
            "Commands run in your resident process (see 'kvmforge daemon --help'); --no-daemon runs one in its own."})
public final class Kvmforge implements Runnable {

    @Spec
    CommandSpec spec;

    /** Without a command: a usage error (exit 5). */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing a command: " + String.join(", ",
                spec.subcommands().entrySet().stream().filter(c -> !c.getValue().getCommandSpec().usageMessage().hidden())
                        .map(Map.Entry::getKey).toList()));
    }

    /**
     * The command line with all commands, error handling and exit codes set up, for a command of this process.
     *
     * @param console how run output may draw (colour, progress line); {@link ConsoleMode#PLAIN} for tests
     */
    public static CommandLine commandLine(ConsoleMode console) {
        return commandLine(Invocation.thisProcess(console), new String[0]);
    }

    /** {@link #commandLine(Invocation, String[])} for a command of this process. */
    static CommandLine commandLine(ConsoleMode console, String[] args) {
        return commandLine(Invocation.thisProcess(console), args);
    }

    /**
     * Runs {@code args} as {@code invocation} says, writing to {@code out} and {@code err}; the exit code. The
     * resident process runs each of its clients' commands so.
     */
    public static int execute(Invocation invocation, String[] args, java.io.PrintWriter out, java.io.PrintWriter err) {
        CommandLine cl = commandLine(invocation, args);
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The commands that work on the whole command tree, so that all commands are built for them. */
    private static final Set<String> WHOLE_TREE = Set.of("help", "completion");

    /**
     * The command line for {@code args}, run as {@code invocation} says: when they start with a command's name, only that command is built (picocli
     * reads every command's annotations as it is added, which a start-up pays for); otherwise, and for
     * {@code help} and {@code completion}, all of them: the top level's help and errors and the completion script
     * name every command.
     */
    static CommandLine commandLine(Invocation invocation, String[] args) {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("run", () -> new RunCommand(invocation));
        commands.put("verify", () -> new VerifyCommand(invocation));
        commands.put("inventory", () -> new InventoryCommand(invocation));
        commands.put("report", () -> new CommandLine(new ReportCommand())
                .addSubcommand(new ReportCommand.Merge(invocation)));
        commands.put("daemon", DaemonCommand::new);
        commands.put("completion", CompletionCommand::new);
        commands.put("train-archive", TrainCommand::new);
        commands.put("help", CommandLine.HelpCommand::new);
        CommandLine cl = new CommandLine(new Kvmforge());
        Supplier<Object> named = args.length > 0 && !WHOLE_TREE.contains(args[0]) ? commands.get(args[0]) : null;
        if (named != null) {
            cl.addSubcommand(named.get());
        } else {
            commands.values().forEach(c -> cl.addSubcommand(c.get()));
        }
        ErrorReport errors = new ErrorReport();
        cl.setParameterExceptionHandler(errors);
        cl.setExecutionExceptionHandler(errors);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExpandAtFiles(false); // -e @vars.yml is Ansible's, not picocli's argument file
        // a file named on the command line is where the operator's shell is (~ too), not where this JVM started
        cl.registerConverter(Path.class, invocation.controller()::resolve);
        return cl;
    }

    public static void main(String[] args) {
        int code = commandLine(ConsoleMode.detect(), args).execute(args);
        System.out.flush();
        SshConnector.shutdown();
        System.exit(code);
    }
}
