package dev.kvmforge.runner.connection;

import java.time.Duration;
import java.util.Objects;

/**
 * One command to run: the shell text (already quoted), bytes for its stdin, a time limit, and how to become
 * another user.
 *
 * @param command the shell command, run by {@code /bin/sh -c}
 * @param stdin   bytes written to the command's stdin, then closed; empty for none
 * @param timeout how long it may run; the command is killed after that
 * @param become  the sudo wrapping, or {@code null} to run as the login user
 * @param output  receives output as it comes, for live progress and -vvv; never null
 */
public record ExecRequest(String command, byte[] stdin, Duration timeout, Become become, OutputListener output) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

    public ExecRequest {
        Objects.requireNonNull(command, "command");
        stdin = stdin == null ? new byte[0] : stdin;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        output = output == null ? OutputListener.NONE : output;
    }

    public static ExecRequest of(String command) {
        return new ExecRequest(command, null, null, null, null);
    }

    public ExecRequest withStdin(byte[] bytes) {
        return new ExecRequest(command, bytes, timeout, become, output);
    }

    public ExecRequest withTimeout(Duration t) {
        return new ExecRequest(command, stdin, t, become, output);
    }

    public ExecRequest withBecome(Become b) {
        return new ExecRequest(command, stdin, timeout, b, output);
    }

    public ExecRequest withOutput(OutputListener l) {
        return new ExecRequest(command, stdin, timeout, become, l);
    }

    /** How to become another user: sudo to {@code user}, answering its prompt with {@code password} if asked. */
    public record Become(String user, Secret password) {
        public Become {
            user = user == null || user.isBlank() ? "root" : user;
        }
    }

    /** Receives each command as it is sent (without the runner's wrapping) and its output lines as they arrive. */
    @FunctionalInterface
    public interface OutputListener {
        OutputListener NONE = (stream, line) -> { };

        void line(Stream stream, String line);

        /** The command about to run; passwords never appear in it (they go to stdin). */
        default void command(String command) {
        }
    }

    /** Which stream a line came on. */
    public enum Stream { STDOUT, STDERR }
}
