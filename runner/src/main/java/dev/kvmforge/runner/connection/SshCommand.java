package dev.kvmforge.runner.connection;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;

/**
 * A command running on an exec channel of an {@link SshConnection}: stdin, stdout and stderr as streams, the exit
 * status when the channel closes. If the session drops under it, {@link #waitFor} and the streams' end throw
 * {@link UnreachableException} instead of passing for a normal end.
 */
final class SshCommand implements RemoteProcess {

    /** Signal numbers as Linux has them, for a command killed by a signal: its status is 128 + the number. */
    private static final Map<String, Integer> SIGNALS = Map.ofEntries(Map.entry("HUP", 1), Map.entry("INT", 2),
            Map.entry("QUIT", 3), Map.entry("ILL", 4), Map.entry("ABRT", 6), Map.entry("FPE", 8),
            Map.entry("KILL", 9), Map.entry("SEGV", 11), Map.entry("PIPE", 13), Map.entry("ALRM", 14),
            Map.entry("TERM", 15), Map.entry("USR1", 10), Map.entry("USR2", 12));
    /** Status of a command whose channel closed without telling how it ended, as ssh(1) reports it. */
    private static final int NO_STATUS = 255;

    private final ChannelExec channel;
    private final SshConnection connection;
    private final InputStream stdout;
    private final InputStream stderr;

    SshCommand(ChannelExec channel, SshConnection connection) {
        this.channel = channel;
        this.connection = connection;
        this.stdout = new DropAware(channel.getInvertedOut());
        this.stderr = new DropAware(channel.getInvertedErr());
    }

    @Override
    public OutputStream stdin() {
        return channel.getInvertedIn();
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
        Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!events.contains(ClientChannelEvent.CLOSED)) {
            return OptionalInt.empty();
        }
        OptionalInt status = status();
        if (status.isPresent()) {
            return status;
        }
        if (connection.droppedWithin(Duration.ofSeconds(1))) {
            throw connection.dropped();
        }
        return OptionalInt.of(NO_STATUS);
    }

    @Override
    public void kill(long pid) {
        try {
            if (pid > 0 && connection.isOpen()) {
                connection.killGroup(pid);
            }
        } finally {
            channel.close(true);
        }
    }

    private OptionalInt status() {
        Integer exit = channel.getExitStatus();
        if (exit != null) {
            return OptionalInt.of(exit);
        }
        String signal = channel.getExitSignal();
        if (signal != null) {
            return OptionalInt.of(128 + SIGNALS.getOrDefault(signal, 0));
        }
        return OptionalInt.empty();
    }

    /** A channel stream whose end, when the session dropped before the command ended, is an error. */
    private final class DropAware extends FilterInputStream {

        DropAware(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            return check(super.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return check(super.read(b, off, len));
        }

        private int check(int n) {
            if (n < 0 && !connection.isOpen() && status().isEmpty()) {
                throw connection.dropped();
            }
            return n;
        }
    }
}
