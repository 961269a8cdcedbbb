package dev.kvmforge.runner.connection;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;

/**
 * One SSH session to one host, kept for the whole run; every {@link #start(String)} opens an exec channel on it, and
 * several may run at once.
 *
 * <p>At most {@value #MAX_COMMANDS} commands run at once (more wait for a free channel): OpenSSH's default
 * {@code MaxSessions} is 10, and one channel stays free to kill a command that overran its time limit.
 */
public final class SshConnection implements Connection {

    /** Commands running at once on one connection. */
    public static final int MAX_COMMANDS = 9;

    private static final Duration CHANNEL_OPEN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    private final ClientSession session;
    private final String hostName;
    private final SshDestination destination;
    private final Consumer<SshConnection> onClose;
    private final Semaphore channels = new Semaphore(MAX_COMMANDS, true);

    SshConnection(ClientSession session, String hostName, SshDestination destination,
                  Consumer<SshConnection> onClose) {
        this.session = session;
        this.hostName = hostName;
        this.destination = destination;
        this.onClose = onClose;
    }

    @Override
    public RemoteProcess start(String command) {
        if (!session.isOpen()) {
            throw dropped();
        }
        try {
            channels.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvmforgeException(ErrorKind.GENERAL, "interrupted while waiting for a free SSH channel",
                    hostName, null, e);
        }
        ChannelExec channel = null;
        try {
            channel = session.createExecChannel(command);
            channel.addCloseFutureListener(f -> channels.release());
            channel.open().verify(CHANNEL_OPEN_TIMEOUT);
            return new SshCommand(channel, this);
        } catch (IOException | RuntimeException e) {
            if (channel == null) {
                channels.release();
            } else {
                channel.close(true);
            }
            if (!session.isOpen()) {
                throw dropped();
            }
            if (e instanceof SshChannelOpenException) {
                throw new UnreachableException("the host refused to start a command on " + describe() + ": "
                        + e.getMessage(), hostName,
                        "the host's sshd may allow fewer sessions per connection (MaxSessions) than "
                                + (MAX_COMMANDS + 1), e);
            }
            throw new UnreachableException("cannot start a command on " + describe() + ": " + e.getMessage(),
                    hostName, "the connection may have dropped", e);
        }
    }

    @Override
    public String describe() {
        return "ssh://" + destination;
    }

    @Override
    public boolean isRoot() {
        return "root".equals(destination.user());
    }

    /** Whether the session is still up. */
    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close() {
        onClose.accept(this);
        try {
            if (!session.close(false).await(Duration.ofSeconds(5))) {
                session.close(true);
            }
        } catch (IOException e) {
            session.close(true);
        }
    }

    @Override
    public String toString() {
        return describe();
    }

    /** The error for a session that went away under a command. */
    UnreachableException dropped() {
        return new UnreachableException("the connection to " + hostName + " (" + destination + ") dropped",
                hostName, "check that the host is up and the network between here and there; a command that "
                        + "was running may or may not have finished", null);
    }

    /**
     * Kills process group {@code pid} on the host through a channel of its own: TERM, up to 2 s to go, then KILL.
     * sshd makes each command a session leader, so its pid is its group.
     */
    void killGroup(long pid) {
        String group = "-" + pid;
        String script = "kill -TERM " + group + " 2>/dev/null || exit 0; i=0; "
                + "while [ $i -lt 20 ] && kill -0 " + group + " 2>/dev/null; do sleep 0.1; i=$((i+1)); done; "
                + "kill -KILL " + group + " 2>/dev/null; exit 0";
        try (ChannelExec channel = session.createExecChannel(script)) {
            channel.setOut(OutputStream.nullOutputStream());
            channel.setErr(OutputStream.nullOutputStream());
            channel.open().verify(CHANNEL_OPEN_TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), KILL_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            // best effort: closing the command's channel is all that is left
        }
    }
}
