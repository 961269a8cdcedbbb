/**
 * The {@code kvmforge} command (picocli): one annotated class per subcommand ({@code run}, {@code verify},
 * {@code inventory}, {@code completion}, and the hidden {@code train-archive} the launcher runs to train its class
 * archive), with help, usage and completion made from the annotations; only the command asked for is built. A door over the
 * two engines: {@code run} reads options, builds {@link dev.kvmforge.runner.execute.RunOptions} and starts a
 * {@link dev.kvmforge.runner.PlaybookRun} with the reporters of {@code dev.kvmforge.runner.report}; {@code verify}
 * starts a {@link dev.kvmforge.checks.VerificationRun} with the reports of {@code dev.kvmforge.checks.report}. Errors
 * become {@code ERROR!} lines and ansible-playbook's exit codes; Ctrl-C stops a run, ends what it still runs after a
 * grace period and exits 99 after the recap ({@code InterruptGuard}, on {@code sun.misc.Signal} of the JDK's
 * {@code jdk.unsupported}); {@code verify} only stops its checks, and past the grace ends without a recap.
 *
 * <p>Imports the runner's public API, its reporters, {@code error}, {@code inventory}, {@code playbook} (for listings)
 * and {@code yaml}, {@code dev.kvmforge.playbooks} to find a playbook by file or shipped name, and the checks'
 * public API and reports, the runner's {@code connection} (host key policy, secrets, the SSH client's warm-up and
 * stop) and Apache SSHD's server (for {@code train-archive} only); nothing imports this package.
 */
package dev.kvmforge.cli;
