package dev.kvmforge.cli;

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
    public boolean interactive() {
        return System.console() != null;
    }

    @Override
    public AutoCloseable onInterrupt(Runnable handler) {
        record Installed(Signal signal, SignalHandler previous) {
        }
        List<Installed> installed = new ArrayList<>();
        for (String name : List.of("INT", "TERM")) {
            Signal signal = new Signal(name);
            try {
                installed.add(new Installed(signal, Signal.handle(signal, s -> handler.run())));
            } catch (IllegalArgumentException unavailable) {
                // the JVM keeps this signal (-Xrs): its default handling stays
            }
        }
        return () -> installed.forEach(i -> Signal.handle(i.signal(), i.previous()));
    }

    @Override
    public void halt(int exitCode) {
        Runtime.getRuntime().halt(exitCode);
    }
}
