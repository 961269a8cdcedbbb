package dev.kvmforge.cli;

import dev.kvmforge.runner.connection.Prompter;

/**
 * The operator's terminal a command runs for: where a secret is typed and a prompt answered ({@link Prompter}),
 * where Ctrl-C comes from, and what ends the command at once. In process it is this JVM's ({@link LocalTerminal});
 * a command the resident process runs has its client's, over the socket.
 */
public interface Terminal extends Prompter {

    /**
     * Asks for a secret: typed without echo on a terminal, else the first line of standard input. Null when none
     * comes (end of input, or the prompt closed). The caller clears the array.
     */
    char[] readSecret(String prompt);

    /** Whether there is a terminal to type on (not a pipe or file). */
    boolean interactive();

    /**
     * Calls {@code handler} on each Ctrl-C (SIGINT) or SIGTERM until the returned handle is closed, instead of the
     * default (the command ends at once).
     */
    AutoCloseable onInterrupt(Runnable handler);

    /** Ends the command at once with {@code exitCode}, whatever still runs: the last resort after Ctrl-C. */
    void halt(int exitCode);
}
