package dev.kvmforge.runner.connection;

import dev.kvmforge.runner.connection.ExecRequest.Become;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;

/**
 * A plain POSIX shell ({@code exec /bin/sh}) on one exec channel of an {@link SshConnection}, kept open to run one
 * command after another without opening a channel, a PAM session and a login shell for each: each command is one
 * {@link ShellFrame} written to the shell's stdin, its output cut out of the shell's stdout and stderr by
 * {@link FrameScanner}s.
 *
 * <p>A shell for become runs under sudo ({@code sudo -S -p <marker> -u USER /bin/sh}): sudo asks for the password
 * once, when the shell opens, on stderr behind a random marker; the password goes to stdin, never argv; a second
 * prompt means it was wrong. Only when the shell says it runs are frames sent, so no command is ever read as the
 * password, nor the password as a command.
 *
 * <p>It runs one command at a time. When a command ends the shell offers itself for the next one, unless the command
 * left processes behind that may still write to the shell's output: then it closes.
 */
final class PersistentShell {

    /** What the shell's exec channel runs. */
    static final String COMMAND = "exec /bin/sh";
    private static final String MARKER = "kvmforge-shell-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
    /** sudo's password prompt, as it is asked to print it. */
    private static final String PROMPT = MARKER + ":prompt:";
    /** The key of {@link #identityOf}'s HMAC, made anew in each process. */
    private static final byte[] IDENTITY_KEY = randomBytes(32);
    /** What the shell under sudo prints on stderr once it runs. */
    private static final String READY = MARKER + ":ready";

    private final SshConnection connection;
    private final Become become;
    private final String identity;
    private final SudoHandshake handshake;
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
    PersistentShell(ClientSession session, SshConnection connection, Become become, Consumer<PersistentShell> whenFree,
                    Consumer<PersistentShell> whenClosed) throws IOException {
        this.connection = connection;
        this.become = become;
        this.identity = identityOf(become);
        this.whenFree = whenFree;
        this.channel = session.createExecChannel(become == null ? COMMAND
                : "exec sudo -H -S -p '" + PROMPT + "' -u " + Shell.quote(become.user()) + " -- /bin/sh -c "
                        + Shell.quote("printf '%s\\n' '" + READY + "' >&2; exec /bin/sh"));
        handshake = become == null ? null : new SudoHandshake(stderr, PROMPT, READY);
        channel.setOut(stdout);
        channel.setErr(handshake == null ? stderr : handshake);
        channel.addCloseFutureListener(f -> {
            if (handshake != null) {
                handshake.closed();
            }
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
        if (handshake != null && !becomeUser(timeout)) {
            return false;
        }
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
     * Answers sudo until the shell under it runs: true when it does, false when sudo gave up otherwise (no sudo,
     * a tty required...: the caller's exec channel path says why).
     *
     * @throws dev.kvmforge.runner.error.KvmforgeException when the password is wrong, holds a line break, or sudo
     *                                                     asks for one and there is none
     */
    private boolean becomeUser(Duration timeout) throws IOException, InterruptedException {
        int prompts = 0;
        while (true) {
            SudoHandshake.Event event = handshake.next(timeout);
            switch (event) {
                case READY -> {
                    return true;
                }
                case PROMPT -> {
                    prompts++;
                    if (prompts > 1) {
                        throw CommandRunner.wrongPassword();
                    }
                    if (become.password() == null) {
                        throw CommandRunner.passwordMissing();
                    }
                    String password = become.password().reveal();
                    if (password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0) {
                        // sudo reads one line; the rest would reach the shell under it as commands
                        throw CommandRunner.passwordWithLineBreak();
                    }
                    OutputStream in = channel.getInvertedIn();
                    in.write((password + "\n").getBytes(StandardCharsets.UTF_8));
                    in.flush();
                }
                default -> {
                    return false;
                }
            }
        }
    }

    /** Which commands this shell may run: {@link #identityOf} the become it was opened with. */
    String identity() {
        return identity;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /**
     * Which shells may run a command with {@code become}: {@code ""} for none (the login user's shells), else the
     * user with a digest of the password sudo was given. A command whose become password differs from the one a
     * shell was opened with gets a shell of its own, where sudo judges its password, as it would judge a sudo of its
     * own. The digest is an HMAC under a key made for this process, and stays in memory.
     */
    static String identityOf(Become become) {
        if (become == null) {
            return "";
        }
        if (become.password() == null) {
            return become.user() + ":";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(IDENTITY_KEY, "HmacSHA256"));
            byte[] digest = mac.doFinal(become.password().reveal().getBytes(StandardCharsets.UTF_8));
            return become.user() + ":" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    /** Kills the process group of one of this shell's commands, as the user it runs as. */
    void killGroup(long pid) {
        if (become == null) {
            connection.killGroup(pid);
        } else {
            connection.killGroupAs(become, pid);
        }
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
