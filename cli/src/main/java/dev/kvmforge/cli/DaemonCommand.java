package dev.kvmforge.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code kvmforge daemon status|stop}: the resident process answers these itself; this command runs only when none
 * is running (or with {@code --no-daemon}), and says so.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Shows or stops your resident process: the warm kvmforge that runs your commands and keeps"
                + " their SSH sessions between them.",
            "It starts with the first command, serves only your user, and leaves after 60 s without a command"
                + " (KVMFORGE_DAEMON_IDLE=SECONDS), when kvmforge's jar or JDK changes, or on 'daemon stop'.",
            "--no-daemon (anywhere on a command line) or KVMFORGE_DAEMON=off runs a command in its own process."},
        subcommands = {DaemonCommand.Status.class, DaemonCommand.Stop.class})
final class DaemonCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static void say(CommandSpec spec, String line) {
        spec.commandLine().getOut().println(line);
        spec.commandLine().getOut().flush();
    }

    /** {@code daemon status}: what the resident process holds. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Shows the resident process: pid, uptime, commands served, SSH sessions kept.")
    static final class Status implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            say(spec, "kvmforge: no resident process is running (the next command starts one, unless --no-daemon"
                    + " or KVMFORGE_DAEMON=off)");
        }
    }

    /** {@code daemon stop}: the resident process leaves, closing its sessions. */
    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stops the resident process; the commands it runs finish first.")
    static final class Stop implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            say(spec, "kvmforge: no resident process is running");
        }
    }
}
