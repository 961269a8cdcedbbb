package dev.kvmforge.runner.connection;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;

/**
 * A plain POSIX shell ({@code exec /bin/sh}) on one exec channel of an {@link SshConnection}, kept open to run one
 * command after another without opening a channel, a PAM session and a login shell for each: each command is one
 * {@link ShellFrame} written to the shell's stdin, its output cut out of the shell's stdout and stderr by
 * {@link FrameScanner}s.
 *
 * <p>It runs one command at a time. When a command ends the shell offers itself for the next one, unless the command
 * left processes behind that may still write to the shell's output: then it closes.
 */
final class PersistentShell {

    /** What the shell's exec channel runs. */
    static final String COMMAND = "exec /bin/sh";

    private final SshConnection connection;
    private final ChannelExec channel;
    private final FrameScanner stdout = new FrameScanner();
    private final FrameScanner stderr = new FrameScanner();
    private final Consumer<PersistentShell> whenFree;
    private volatile ShellCommand current;
    private volatile String pidFile;

    /**
     * A shell channel on {@code session}, not yet open; {@code whenClosed} is told once when the channel closes,
     * whatever the reason, and {@code whenFree} each time a command has ended and the shell can take another.
     */
    PersistentShell(ClientSession session, SshConnection connection, Consumer<PersistentShell> whenFree,
                    Consumer<PersistentShell> whenClosed) throws IOException {
        this.connection = connection;
        this.whenFree = whenFree;
        this.channel = session.createExecChannel(COMMAND);
        channel.setOut(stdout);
        channel.setErr(stderr);
        channel.addCloseFutureListener(f -> {
            ShellCommand running = current;
            if (running != null) {
                running.shellClosed();
            }
            whenClosed.accept(this);
        });
    }

    /**
     * Opens the channel and sets the shell up; false when the host lacks what this needs ({@code setsid},
     * {@code mktemp}) or the shell did not come up, and commands should take exec channels instead.
     */
    boolean open(Duration timeout) throws IOException, InterruptedException {
        channel.open().verify(timeout);
        ShellCommand setup = send(ShellFrame.setup());
        if (!setup.succeeded(timeout)) {
            return false;
        }
        String dir = new String(setup.stdoutBytes(), StandardCharsets.UTF_8);
        if (dir.isEmpty()) {
            return false;
        }
        pidFile = dir + "/pid";
        return true;
    }

    /**
     * Starts {@code command} with {@code stdin} as its input: sends its frame, waits until the shell has begun it,
     * then sends the input.
     *
     * @return the running command, or {@code null} when the shell broke before the command began, which therefore
     *         never ran
     */
    ShellCommand start(String command, byte[] stdin, Duration beginTimeout) throws InterruptedException {
        ShellCommand running;
        try {
            running = send(ShellFrame.command(command, stdin.length, pidFile));
        } catch (IOException e) {
            return null;
        }
        if (!running.awaitBegin(beginTimeout)) {
            return null;
        }
        if (stdin.length > 0) {
            try {
                OutputStream in = channel.getInvertedIn();
                in.write(stdin);
                in.flush();
            } catch (IOException e) {
                // the channel closed under the command: its end tells how (status 255, or the session dropped)
            }
        }
        return running;
    }

    private ShellCommand send(ShellFrame frame) throws IOException {
        ShellCommand command = new ShellCommand(this, connection);
        current = command;
        stdout.expect(frame.begin(), frame.end(), command.stdoutReceiver);
        stderr.expect(frame.begin(), frame.end(), command.stderrReceiver);
        if (!channel.isOpen()) {
            throw new IOException("the shell's channel is closed");
        }
        OutputStream in = channel.getInvertedIn();
        in.write(frame.script().getBytes(StandardCharsets.UTF_8));
        in.flush();
        return command;
    }

    /**
     * The current command ended (before its waiters are told); {@code retire}: the shell must not run another. The
     * set-up frame's end frees nothing: its opener goes on with the shell.
     */
    void ended(boolean retire) {
        current = null;
        if (retire) {
            discard();
        } else if (pidFile != null) {
            whenFree.accept(this);
        }
    }

    boolean isOpen() {
        return channel.isOpen() && !channel.isClosing();
    }

    /** Closes the shell: its stdin ends, so it exits; whatever it runs loses its output. */
    void discard() {
        channel.close(false);
    }
}
