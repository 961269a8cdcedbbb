package dev.kvmforge.runner.connection;

import dev.kvmforge.runner.connection.ExecRequest.Become;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;

/**
 * One SSH session to one host, kept for the whole run. Commands that take all their input before they start run on
 * {@link PersistentShell}s kept open on the session (no channel, PAM session or login shell per command); the others
 * (interactive ones: sudo's password prompt) each open an exec channel. Several commands may run at once.
 *
 * <p>At most {@value #MAX_COMMANDS} channels are open for commands at once (more commands wait), at most one fewer
 * of them shells: OpenSSH's default {@code MaxSessions} is 10, and one channel stays free to kill a command that
 * overran its time limit. A shell that breaks before a command has begun is closed and the command runs on an exec
 * channel instead.
 */
public final class SshConnection implements Connection {

    /** Channels open for commands at once on one connection (shells and exec channels). */
    public static final int MAX_COMMANDS = 9;

    private static final Duration CHANNEL_OPEN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CHANNEL_CLOSE_WAIT = Duration.ofSeconds(2);

    private final ClientSession session;
    private final String hostName;
    private final SshDestination destination;
    private final Consumer<SshConnection> onClose;
    private final SessionChannels channels = new SessionChannels(MAX_COMMANDS);
    private volatile Consumer<ClientSession> keeper;
    /** The session went to the keeper: this connection runs nothing more on it. */
    private volatile boolean handedOver;

    SshConnection(ClientSession session, String hostName, SshDestination destination,
                  Consumer<SshConnection> onClose) {
        this.session = session;
        this.hostName = hostName;
        this.destination = destination;
        this.onClose = onClose;
    }

    @Override
    public RemoteProcess start(String command, boolean interactive) {
        if (!session.isOpen() || handedOver) {
            throw dropped();
        }
        if (interactive) {
            return startExec(command);
        }
        return new BufferedStdinProcess(stdin -> launch(command, stdin));
    }

    /** Runs a non-interactive command with all of its input: on a shell, or on an exec channel if none can. */
    private RemoteProcess launch(String command, byte[] stdin) {
        RemoteProcess onShell = onShell(null, command, stdin, true);
        if (onShell != null) {
            return onShell;
        }
        RemoteProcess exec = startExec(command);
        try (OutputStream in = exec.stdin()) {
            in.write(stdin);
        } catch (IOException e) {
            // the command exited without reading all of its input; its exit status tells the rest
        }
        return exec;
    }

    @Override
    public RemoteProcess startBecome(String command, Become become, byte[] stdin) {
        if (!session.isOpen() || handedOver) {
            throw dropped();
        }
        // no waiting for room: the one slot kept for exec channels runs it under sudo of its own sooner
        return onShell(become, command, stdin, false);
    }

    /**
     * Runs {@code command} on a shell of the login user ({@code become} null) or under sudo; null when no such shell
     * can run it (the host lacks what shells need, or the shell broke before the command began), or when there is
     * no room for one and {@code waitForRoom} is false.
     */
    private RemoteProcess onShell(Become become, String command, byte[] stdin, boolean waitForRoom) {
        try {
            PersistentShell shell = channels.acquireShell(PersistentShell.identityOf(become), () -> openShell(become),
                    waitForRoom);
            if (shell == null) {
                return null;
            }
            ShellCommand running;
            try {
                running = shell.start(command, stdin, CHANNEL_OPEN_TIMEOUT);
            } catch (RuntimeException | InterruptedException e) {
                shell.discard();
                throw e;
            }
            if (running != null) {
                return running;
            }
            shell.discard();
            if (!session.isOpen()) {
                throw dropped();
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        }
    }

    /**
     * A new shell (under sudo when {@code become} is given) in a slot {@link SessionChannels} has taken; {@code null}
     * when the host cannot run one.
     */
    private PersistentShell openShell(Become become) throws InterruptedException {
        PersistentShell shell;
        try {
            shell = new PersistentShell(session, this, become, channels::free, channels::shellClosed);
        } catch (IOException | RuntimeException e) {
            channels.shellNotCreated();
            throw cannotStart(e);
        }
        boolean usable = false;
        try {
            usable = shell.open(CHANNEL_OPEN_TIMEOUT);
            return usable ? shell : null;
        } catch (KvmforgeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw cannotStart(e);
        } finally {
            if (!usable) {
                shell.discard();
            }
        }
    }

    /** Starts {@code command} on an exec channel of its own. */
    private RemoteProcess startExec(String command) {
        try {
            channels.acquireExec();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        }
        ChannelExec channel = null;
        try {
            channel = session.createExecChannel(command);
            channel.addCloseFutureListener(f -> channels.execClosed());
            channel.open().verify(CHANNEL_OPEN_TIMEOUT);
            return new SshCommand(channel, this);
        } catch (IOException | RuntimeException e) {
            if (channel == null) {
                channels.execClosed();
            } else {
                channel.close(true);
            }
            throw cannotStart(e);
        }
    }

    private KvmforgeException interrupted(InterruptedException e) {
        return new KvmforgeException(ErrorKind.GENERAL, "interrupted while waiting for a free SSH channel",
                hostName, null, e);
    }

    /** The error for a channel that could not be opened. */
    private UnreachableException cannotStart(Exception e) {
        if (!session.isOpen()) {
            return dropped();
        }
        if (e instanceof UnreachableException u) {
            return u;
        }
        if (e instanceof SshChannelOpenException) {
            return new UnreachableException("the host refused to start a command on " + describe() + ": "
                    + e.getMessage(), hostName,
                    "the host's sshd may allow fewer sessions per connection (MaxSessions) than "
                            + (MAX_COMMANDS + 1), e);
        }
        return new UnreachableException("cannot start a command on " + describe() + ": " + e.getMessage(),
                hostName, "the connection may have dropped", e);
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

    /** The inventory name of the host, for messages. */
    String hostName() {
        return hostName;
    }

    /**
     * Whether the session is gone or goes within {@code grace}: a channel that closed without an exit status may be
     * the first sign of a dropped session, which is closing by then.
     */
    boolean droppedWithin(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (session.isOpen() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return !session.isOpen();
    }

    /** Where this connection logs in. */
    SshDestination destination() {
        return destination;
    }

    /**
     * Closing this connection is to give its session to {@code keeper} instead, when nothing runs on it any more:
     * see {@link #startClose()}.
     */
    void keepIn(Consumer<ClientSession> keeper) {
        this.keeper = keeper;
    }

    /**
     * Ends this connection but not its session: closes its shells (and so the root shells under sudo) and waits a
     * moment for their channels to close. Whether the session, with nothing running on it, went to the keeper;
     * false when a channel is still open (a command still running) or the session is gone.
     */
    private boolean release() {
        if (keeper == null || !session.isOpen() || !channels.closeIdle(CHANNEL_CLOSE_WAIT) || !session.isOpen()) {
            return false;
        }
        keeper.accept(session);
        return true;
    }

    /** Closes the session gracefully (its channels first), waiting up to 5 s; then at once. */
    @Override
    public void close() {
        startClose().toCompletableFuture().join();
    }

    /**
     * Closes the session, or, for a connection whose session is to be kept ({@link #keepIn}), closes its shells and
     * gives the session to the keeper; the next close does nothing.
     */
    @Override
    public CompletionStage<Void> startClose() {
        onClose.accept(this);
        synchronized (this) {
            if (handedOver || release()) {
                handedOver = true;
                return CompletableFuture.completedFuture(null);
            }
        }
        CompletableFuture<Void> closed = new CompletableFuture<>();
        session.close(false).addListener(f -> closed.complete(null));
        return closed.completeOnTimeout(null, 5, TimeUnit.SECONDS).whenComplete((ignored, e) -> {
            if (session.isOpen()) {
                session.close(true);
            }
        });
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
     * sshd makes each exec channel's command a session leader, and a {@link ShellFrame} runs each command under
     * {@code setsid}, so its pid is its group.
     */
    void killGroup(long pid) {
        try (ChannelExec channel = session.createExecChannel(killScript(pid))) {
            channel.setOut(OutputStream.nullOutputStream());
            channel.setErr(OutputStream.nullOutputStream());
            channel.open().verify(CHANNEL_OPEN_TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), KILL_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            // best effort: closing the command's channel is all that is left
        }
    }

    /**
     * Kills a process group that runs as {@code become.user()}, which the login user may not signal: the kill runs
     * with become itself, on another shell under sudo for that user or, when the session has no room for one, under
     * a sudo of its own on the exec channel kept free. A kill that does not end in time is abandoned, never killed in
     * turn. Best effort, as {@link #killGroup}.
     */
    void killGroupAs(Become become, long pid) {
        if (!session.isOpen()) {
            return;
        }
        try {
            RemoteProcess kill = onShell(become, killScript(pid), new byte[0], false);
            if (kill != null) {
                if (kill.waitFor(KILL_TIMEOUT).isEmpty()) {
                    kill.kill(0); // closes the kill's own shell, nothing more
                }
                return;
            }
            CommandRunner.runUnderOwnSudo(this, ExecRequest.of(killScript(pid)).withBecome(become)
                    .withTimeout(KILL_TIMEOUT));
        } catch (RuntimeException e) {
            // best effort: closing the command's shell is all that is left
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** TERM to the group, KILL to what outlives two seconds. */
    private static String killScript(long pid) {
        String group = "-" + pid;
        return "kill -TERM " + group + " 2>/dev/null || exit 0; i=0; "
                + "while [ $i -lt 20 ] && kill -0 " + group + " 2>/dev/null; do sleep 0.1; i=$((i+1)); done; "
                + "kill -KILL " + group + " 2>/dev/null; exit 0";
    }
}
