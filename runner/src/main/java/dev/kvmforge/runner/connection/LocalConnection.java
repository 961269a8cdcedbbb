package dev.kvmforge.runner.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The controller's own machine: each command is a {@code /bin/sh -c} process, started in the controller's working
 * directory with its environment.
 */
public final class LocalConnection implements Connection {

    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Controller controller;

    /** Commands as this process would start them. */
    public LocalConnection() {
        this(Controller.thisProcess());
    }

    /** Commands in {@code controller}'s working directory, with its environment. */
    public LocalConnection(Controller controller) {
        this.controller = controller;
    }

    /** Starts a process; {@code interactive} makes no difference here. */
    @Override
    public RemoteProcess start(String command, boolean interactive) {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).directory(controller.workingDirectory().toFile());
        if (controller != Controller.thisProcess()) {
            pb.environment().clear();
            pb.environment().putAll(controller.environment());
        }
        try {
            return new LocalProcess(pb.start());
        } catch (IOException e) {
            throw new UnreachableException("cannot start /bin/sh: " + e.getMessage(), "local", null, e);
        }
    }

    @Override
    public String describe() {
        return "local";
    }

    @Override
    public boolean isRoot() {
        return ROOT;
    }

    @Override
    public void close() {
        // nothing held
    }

    private record LocalProcess(Process process) implements RemoteProcess {

        @Override
        public OutputStream stdin() {
            return process.getOutputStream();
        }

        @Override
        public InputStream stdout() {
            return process.getInputStream();
        }

        @Override
        public InputStream stderr() {
            return process.getErrorStream();
        }

        @Override
        public OptionalInt waitFor(Duration timeout) throws InterruptedException {
            if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return OptionalInt.of(process.exitValue());
            }
            return OptionalInt.empty();
        }

        @Override
        public void kill(long pid) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
