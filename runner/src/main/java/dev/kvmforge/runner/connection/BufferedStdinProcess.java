package dev.kvmforge.runner.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * A command that starts once its stdin is complete: bytes written to {@link #stdin()} are kept, and closing it (or
 * the first {@link #waitFor}) hands them to the launcher, which starts the command and returns it. From then on
 * everything goes to that command; reads of its output wait until it has started.
 *
 * <p>This is what a non-interactive command on {@link Connection#start(String, boolean)} is: the caller writes all
 * of its input before the command runs.
 */
final class BufferedStdinProcess implements RemoteProcess {

    private final Function<byte[], RemoteProcess> launcher;
    private final ByteArrayOutputStream input = new ByteArrayOutputStream();
    private final CompletableFuture<RemoteProcess> started = new CompletableFuture<>();
    private final OutputStream stdin = new Input();
    private final InputStream stdout = new Output(false);
    private final InputStream stderr = new Output(true);
    private boolean launching;

    BufferedStdinProcess(Function<byte[], RemoteProcess> launcher) {
        this.launcher = launcher;
    }

    @Override
    public OutputStream stdin() {
        return stdin;
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
        launch();
        return started().waitFor(timeout);
    }

    @Override
    public void kill(long pid) {
        synchronized (this) {
            if (!launching) {
                launching = true;
                started.completeExceptionally(new IllegalStateException("killed before it started"));
                return;
            }
        }
        RemoteProcess process = started.getNow(null);
        if (process != null) {
            process.kill(pid);
        }
    }

    private void launch() {
        byte[] bytes;
        synchronized (this) {
            if (launching) {
                return;
            }
            launching = true;
            bytes = input.toByteArray();
        }
        try {
            started.complete(launcher.apply(bytes));
        } catch (RuntimeException e) {
            started.completeExceptionally(e);
        }
    }

    /** The started command; an error that kept it from starting is thrown here. */
    private RemoteProcess started() throws InterruptedException {
        try {
            return started.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Keeps what is written; closing starts the command. */
    private final class Input extends OutputStream {

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (BufferedStdinProcess.this) {
                if (launching) {
                    throw new IOException("stdin is closed: the command has started");
                }
                input.write(b, off, len);
            }
        }

        @Override
        public void close() {
            launch();
        }
    }

    /** One output stream of the command, once it has started. */
    private final class Output extends InputStream {
        private final boolean isStderr;

        Output(boolean isStderr) {
            this.isStderr = isStderr;
        }

        private InputStream source() throws IOException {
            try {
                RemoteProcess process = started();
                return isStderr ? process.stderr() : process.stdout();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a command to start");
            } catch (IllegalStateException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public int read() throws IOException {
            return source().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return source().read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return started.isDone() ? source().available() : 0;
        }

        @Override
        public void close() throws IOException {
            if (started.isDone() && !started.isCompletedExceptionally()) {
                source().close();
            }
        }
    }
}
