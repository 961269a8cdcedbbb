/**
 * Reaching a machine: a {@link dev.kvmforge.runner.connection.Connection} starts one shell command at a time
 * (local: a process; SSH: on one Apache SSHD session per host, opened by
 * {@link dev.kvmforge.runner.connection.SshConnector}) and {@link dev.kvmforge.runner.connection.CommandRunner}
 * drives it: stdin, the sudo prompt, output, timeout and kill.
 *
 * <p>Over SSH a command that gets all of its stdin up front runs on a {@code PersistentShell}, a {@code /bin/sh}
 * kept open on an exec channel, which is sent one {@code ShellFrame} per command and whose output
 * {@code FrameScanner}s cut apart again by random markers. A command with become runs on such a shell started under
 * sudo, whose password prompt a {@code SudoHandshake} answers once per shell; where no such shell can run, it opens
 * an exec channel of its own and answers sudo there. {@code SessionChannels} keeps shells and exec channels within
 * the server's sessions per connection. {@link dev.kvmforge.runner.connection.SshConnector#prepare} starts a login
 * early, for a caller that knows its hosts before it needs them.
 *
 * <p>SSH follows OpenSSH where operators expect it to: {@code ~/.ssh/config}, known_hosts checked strictly by
 * default (a changed host key is always refused), the default keys, keepalives. Passwords and passphrases are
 * {@link dev.kvmforge.runner.connection.Secret}s and reach only stdin or the SSH login. Key files are parsed once
 * per run (a cache emptied when a connector closes). {@code ConnectionVars} maps a host's variables to a
 * {@link dev.kvmforge.runner.connection.ConnectionSpec}, timeouts included ({@code -T}, {@code ansible_ssh_timeout}).
 *
 * <p>Imports only {@code error} (and Apache SSHD); never {@code modules}, {@code host} or {@code execute}.
 */
package dev.kvmforge.runner.connection;
