/**
 * The CLI's resident process: a warm JVM per user that runs {@code kvmforge} commands for short-lived clients and
 * keeps their SSH sessions between commands.
 *
 * <p>{@link dev.kvmforge.cli.resident.Main} is the jar's entry: it runs the command in process
 * ({@link dev.kvmforge.cli.Kvmforge}) or through {@link dev.kvmforge.cli.resident.ResidentClient}, which sends a
 * {@link dev.kvmforge.cli.resident.Request} over a Unix socket in a {@link dev.kvmforge.cli.resident.SocketDirectory}
 * only its user may enter; {@link dev.kvmforge.cli.resident.ResidentProcess} checks the peer's uid and runs the
 * command as a {@link dev.kvmforge.cli.resident.ServedCommand}, with the client's working directory, environment and
 * terminal; {@link dev.kvmforge.cli.resident.Wire} is the framing. Imports {@code dev.kvmforge.cli} and the runner's
 * {@code connection} and {@code report}; nothing imports this package. The engines know nothing of it; the Maven
 * plugin and the Java API never use it.
 */
package dev.kvmforge.cli.resident;
