/**
 * The {@code kvmforge} command (picocli): one annotated class per subcommand ({@code run}, {@code verify},
 * {@code inventory}, {@code daemon}, {@code completion}, and the hidden {@code train-archive} the launcher runs to train its class
 * archive), with help, usage and completion made from the annotations; only the command asked for is built. A door over the
 * two engines: {@code run} reads options, builds {@link dev.kvmforge.runner.execute.RunOptions} and starts a
 * {@link dev.kvmforge.runner.PlaybookRun} with the reporters of {@code dev.kvmforge.runner.report}; {@code verify}
 * starts a {@link dev.kvmforge.checks.VerificationRun} with the reports of {@code dev.kvmforge.checks.report}. Errors
 * become {@code ERROR!} lines and ansible-playbook's exit codes; Ctrl-C stops a run, ends what it still runs after a
 * grace period and exits 99 after the recap ({@code InterruptGuard}); {@code verify} only stops its checks, and past
 * the grace ends without a recap.
 *
 * <p>A command runs as an {@link dev.kvmforge.cli.Invocation}: the shell's working directory and environment (a
 * {@link dev.kvmforge.runner.connection.Controller}: every path on the command line starts there), its console, its
 * {@link dev.kvmforge.cli.Terminal} (secrets, Ctrl-C, the last-resort end; in process {@code LocalTerminal}, on
 * {@code sun.misc.Signal} of the JDK's {@code jdk.unsupported}) and where SSH sessions come from, so that one JVM,
 * the resident process of {@code dev.kvmforge.cli.resident}, can run many commands at once.
 *
 * <p>Imports the runner's public API, its reporters, {@code error}, {@code inventory}, {@code playbook} (for listings)
 * and {@code yaml}, {@code dev.kvmforge.playbooks} to find a playbook by file or shipped name, and the checks'
 * public API and reports, the runner's {@code connection} (host key policy, secrets, the SSH client's warm-up and
 * stop, the connector, kept sessions) and Apache SSHD's server (for {@code train-archive} only); only
 * {@code dev.kvmforge.cli.resident} imports this package.
 */
package dev.kvmforge.cli;
