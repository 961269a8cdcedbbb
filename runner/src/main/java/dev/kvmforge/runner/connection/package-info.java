/**
 * Reaching a machine: a {@link dev.kvmforge.runner.connection.Connection} starts one shell command at a time
 * (local: a process; SSH: an exec channel on one Apache SSHD session per host) and
 * {@link dev.kvmforge.runner.connection.CommandRunner} drives it: stdin, the sudo prompt, output, timeout and kill.
 *
 * <p>Imports only {@code error}; never {@code modules}, {@code host} or {@code execute}.
 */
package dev.kvmforge.runner.connection;
