/**
 * Reaching a machine: a {@link dev.kvmforge.runner.connection.Connection} starts one shell command at a time
 * (local: a process; SSH: an exec channel on one Apache SSHD session per host, opened by
 * {@link dev.kvmforge.runner.connection.SshConnector}) and {@link dev.kvmforge.runner.connection.CommandRunner}
 * drives it: stdin, the sudo prompt, output, timeout and kill.
 *
 * <p>SSH follows OpenSSH where operators expect it to: {@code ~/.ssh/config}, known_hosts checked strictly by
 * default (a changed host key is always refused), the default keys, keepalives. Passwords and passphrases are
 * {@link dev.kvmforge.runner.connection.Secret}s and reach only stdin or the SSH login.
 *
 * <p>Imports only {@code error} (and Apache SSHD); never {@code modules}, {@code host} or {@code execute}.
 */
package dev.kvmforge.runner.connection;
