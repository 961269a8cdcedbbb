package dev.kvmforge.cli;

import dev.kvmforge.runner.connection.Secret;
import dev.kvmforge.runner.error.KvmforgeException;
import java.util.Arrays;

/**
 * {@code -K}: asks for the become (sudo) password once, without echo on a terminal, or reads the first line of
 * standard input when there is none. The password goes into the run options as a {@link Secret}, never into
 * arguments or the environment.
 */
final class BecomePassword {

    static final String PROMPT = "BECOME password: ";

    private BecomePassword() {
    }

    /** Asks on {@code terminal}: typed without echo, or the first line of standard input without a terminal. */
    static Secret ask(Terminal terminal) {
        char[] typed;
        try {
            typed = terminal.readSecret(PROMPT);
        } catch (java.io.UncheckedIOException e) {
            throw KvmforgeException.options("cannot read the become password: " + e.getCause().getMessage(), null);
        }
        if (typed == null) {
            throw terminal.interactive()
                    ? KvmforgeException.options("no become password given", "type it at the prompt, or drop -K")
                    : KvmforgeException.options("-K needs the become password on standard input, which is empty",
                            "pipe it in, e.g. from a password manager; or drop -K");
        }
        Secret s = Secret.of(typed);
        Arrays.fill(typed, '\0');
        return s;
    }
}
