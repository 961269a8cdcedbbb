package dev.kvmforge.runner.connection;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.OptionalInt;

/** A started command: its three streams, its exit status, and a way to kill it. */
public interface RemoteProcess {

    OutputStream stdin();

    InputStream stdout();

    InputStream stderr();

    /** Waits at most {@code timeout} for the exit status; empty when the time ran out. */
    OptionalInt waitFor(Duration timeout) throws InterruptedException;

    /**
     * Kills the command and whatever it started, given the process id the command reported as its first stderr line
     * (see {@link CommandRunner}); {@code pid} is 0 when none was seen.
     */
    void kill(long pid);
}
