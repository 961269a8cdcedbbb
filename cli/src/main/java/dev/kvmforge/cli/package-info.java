/**
 * The {@code kvmforge} command (picocli): one annotated class per subcommand ({@code run}, {@code inventory},
 * {@code completion}), with help, usage and completion made from the annotations. A door over the runner: it reads
 * options, builds {@link dev.kvmforge.runner.execute.RunOptions}, starts a {@link dev.kvmforge.runner.PlaybookRun}
 * with the reporters of {@code dev.kvmforge.runner.report}, and turns errors into {@code ERROR!} lines and
 * ansible-playbook's exit codes.
 *
 * <p>Imports the runner's public API, its reporters, {@code error}, {@code inventory}, {@code playbook} (for listings)
 * and {@code yaml}, and {@code dev.kvmforge.playbooks} to find a playbook by file or shipped name; nothing imports
 * this package.
 */
package dev.kvmforge.cli;
