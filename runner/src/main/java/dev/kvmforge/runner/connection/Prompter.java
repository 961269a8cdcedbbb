package dev.kvmforge.runner.connection;

import java.io.Console;

/**
 * Where the operator answers a prompt of a run ({@code pause}): the console of this process, or, for a command the
 * CLI's resident process runs, the terminal of its client.
 */
@FunctionalInterface
public interface Prompter {

    /** This process's console ({@link System#console()}): no one answers without a terminal. */
    Prompter CONSOLE = (prompt, echo) -> {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        if (echo) {
            return console.readLine("%s", prompt);
        }
        char[] typed = console.readPassword("%s", prompt);
        return typed == null ? null : new String(typed);
    };

    /**
     * The operator's answer to {@code prompt}, shown as typed or hidden; {@code null} when there is no terminal to
     * ask on (or its input ended).
     */
    String ask(String prompt, boolean echo);
}
