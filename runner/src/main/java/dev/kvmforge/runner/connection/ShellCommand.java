package dev.kvmforge.runner.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A command running on a {@link PersistentShell}: its output as the bytes between its markers, its exit status from
 * the end marker's trailer. Its stdin was part of its {@link ShellFrame}, so {@link #stdin()} takes nothing.
 *
 * <p>If the shell's channel closes before the command ends, the streams end there and {@link #waitFor} reports 255
 * as ssh(1) does, or, when the whole session went away, both throw {@link UnreachableException}.
 */
final class ShellCommand implements RemoteProcess {

    /** How long a killed command may take to report its end before its shell is closed. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    /** Status of a command whose shell closed without telling how it ended, as ssh(1) reports it. */
    private static final int NO_STATUS = 255;

    private final PersistentShell shell;
    private final SshConnection connection;
    private final StreamBuffer stdout = new StreamBuffer();
    private final StreamBuffer stderr = new StreamBuffer();
    private final CountDownLatch begun = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private boolean started;
    private boolean outEnded;
    private boolean errEnded;
    private boolean closed;
    private Integer status;
    private boolean leftBehind;

    /** Receives the command's stdout from the shell's stdout scanner. */
    final FrameScanner.Receiver stdoutReceiver = new FrameScanner.Receiver() {
        @Override
        public void begun() {
            synchronized (ShellCommand.this) {
                started = true;
            }
            begun.countDown();
        }

        @Override
        public void data(byte[] bytes, int off, int len) {
            stdout.add(bytes, off, len);
        }

        @Override
        public void ended(String trailer) {
            stdout.end(null);
            streamEnded(true, trailer);
        }
    };

    /** Receives the command's stderr from the shell's stderr scanner. */
    final FrameScanner.Receiver stderrReceiver = new FrameScanner.Receiver() {
        @Override
        public void begun() {
            // the begin on stdout is the one that counts
        }

        @Override
        public void data(byte[] bytes, int off, int len) {
            stderr.add(bytes, off, len);
        }

        @Override
        public void ended(String trailer) {
            stderr.end(null);
            streamEnded(false, trailer);
        }
    };

    ShellCommand(PersistentShell shell, SshConnection connection) {
        this.shell = shell;
        this.connection = connection;
    }

    /**
     * Waits until the shell has begun the command; false when the shell closed first, so the command never ran.
     *
     * @throws InterruptedException when interrupted
     */
    boolean awaitBegin(Duration timeout) throws InterruptedException {
        if (!begun.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new UnreachableException("the shell on " + connection.describe() + " did not start a command within "
                    + timeout.toSeconds() + "s", connection.hostName(), "the connection may have dropped", null);
        }
        synchronized (this) {
            return started;
        }
    }

    @Override
    public OutputStream stdin() {
        return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    @Override
    public InputStream stderr() {
        return stderr;
    }

    @Override
    public OptionalInt waitFor(Duration timeout) throws InterruptedException {
        if (!finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return OptionalInt.empty();
        }
        synchronized (this) {
            if (status != null) {
                return OptionalInt.of(status);
            }
        }
        if (connection.droppedWithin(Duration.ofSeconds(1))) {
            throw connection.dropped();
        }
        return OptionalInt.of(NO_STATUS);
    }

    /** Kills the command's process group; closes the shell too if the command does not then end promptly. */
    @Override
    public void kill(long pid) {
        if (pid <= 0 || !connection.isOpen()) {
            shell.discard();
            return;
        }
        shell.killGroup(pid);
        try {
            if (!finished.await(KILL_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                shell.discard();
            }
        } catch (InterruptedException e) {
            shell.discard();
            Thread.currentThread().interrupt();
        }
    }

    /** The shell's channel closed: whatever has not ended ends now. */
    void shellClosed() {
        synchronized (this) {
            if (outEnded && errEnded) {
                return;
            }
            closed = true;
        }
        Supplier<RuntimeException> drop = () -> connection.isOpen() ? null : connection.dropped();
        stdout.end(drop);
        stderr.end(drop);
        begun.countDown();
        finished.countDown();
    }

    private void streamEnded(boolean isStdout, String trailer) {
        boolean done;
        boolean retire;
        synchronized (this) {
            if (isStdout) {
                outEnded = true;
                parseTrailer(trailer);
            } else {
                errEnded = true;
            }
            done = outEnded && errEnded && !closed;
            retire = leftBehind || status == null;
        }
        if (done) {
            shell.ended(retire);
            finished.countDown();
        }
    }

    /** {@code <status> <left behind>}; anything else leaves the status unknown. */
    private void parseTrailer(String trailer) {
        String[] parts = trailer.split(" ");
        if (parts.length == 2) {
            try {
                status = Integer.parseInt(parts[0]);
                leftBehind = !"0".equals(parts[1]);
            } catch (NumberFormatException e) {
                status = null;
            }
        }
    }

    /** The command's stdout as far as it came, for the shell's own set-up frame. */
    byte[] stdoutBytes() throws IOException {
        return stdout.readAllBytes();
    }

    /** Whether the command ended with status 0 within {@code timeout}. */
    boolean succeeded(Duration timeout) throws InterruptedException {
        if (!finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        synchronized (this) {
            return status != null && status == 0;
        }
    }
}
