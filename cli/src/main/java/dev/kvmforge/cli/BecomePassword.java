package dev.kvmforge.cli;

import dev.kvmforge.runner.connection.Secret;
import dev.kvmforge.runner.error.KvmforgeException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
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

    /** Reads the password from the console, or from {@code stdin} (first line) without a console. */
    static Secret ask(InputStream stdin) {
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword(PROMPT);
            if (typed == null) {
                throw KvmforgeException.options("no become password given", "type it at the prompt, or drop -K");
            }
            Secret s = Secret.of(typed);
            Arrays.fill(typed, '\0');
            return s;
        }
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(stdin, Charset.defaultCharset()));
            String line = in.readLine();
            if (line == null) {
                throw KvmforgeException.options("-K needs the become password on standard input, which is empty",
                        "pipe it in, e.g. from a password manager; or drop -K");
            }
            return Secret.of(line);
        } catch (IOException e) {
            throw KvmforgeException.options("cannot read the become password: " + e.getMessage(), null);
        }
    }
}
