package dev.kvmforge.cli;

import dev.kvmforge.runner.connection.Prompter;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** This JVM's terminal: {@link System#console()} or standard input, and the process's own signals. */
public final class LocalTerminal implements Terminal {

    private final InputStream stdin;

    /** The terminal of this process, with {@code stdin} as its standard input. */
    public LocalTerminal(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public char[] readSecret(String prompt) {
        Console console = System.console();
        if (console != null) {
            return console.readPassword("%s", prompt);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(stdin, Charset.defaultCharset())).readLine();
            return line == null ? null : line.toCharArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String ask(String prompt, boolean echo) {
        return Prompter.CONSOLE.ask(prompt, echo);
    }

    @Override
    public boolean interactive() {
        return System.console() != null;
    }

    @Override
    public AutoCloseable onInterrupt(Runnable handler) {
        // anonymous classes, not lambdas: the resident process's client runs this, and its start is counted
        SignalHandler ours = new SignalHandler() {
            @Override
            public void handle(Signal s) {
                handler.run();
            }
        };
        List<Signal> signals = new ArrayList<>();
        List<SignalHandler> previous = new ArrayList<>();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal signal = new Signal(name);
            try {
                previous.add(Signal.handle(signal, ours));
                signals.add(signal);
            } catch (IllegalArgumentException unavailable) {
                // the JVM keeps this signal (-Xrs): its default handling stays
            }
        }
        return new AutoCloseable() {
            @Override
            public void close() {
                for (int i = 0; i < signals.size(); i++) {
                    Signal.handle(signals.get(i), previous.get(i));
                }
            }
        };
    }

    @Override
    public void halt(int exitCode) {
        Runtime.getRuntime().halt(exitCode);
    }
}
