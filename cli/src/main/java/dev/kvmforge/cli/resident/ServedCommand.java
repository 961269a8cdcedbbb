package dev.kvmforge.cli.resident;

import dev.kvmforge.cli.Invocation;
import dev.kvmforge.cli.Kvmforge;
import dev.kvmforge.cli.Terminal;
import dev.kvmforge.runner.connection.Controller;
import dev.kvmforge.runner.connection.SshConnector;
import dev.kvmforge.runner.report.ConsoleMode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One command the resident process runs for a client: the {@link Request} read, the command run as the client's
 * shell would have run it (its working directory, environment and terminal), its output sent back as it comes, and
 * last its exit code. It is the command's {@link Terminal}: a secret is asked of the client, the client's Ctrl-C
 * reaches the run, and a client gone (its terminal closed) ends the run as a second Ctrl-C does.
 */
final class ServedCommand implements Terminal {

    private final SocketChannel channel;
    private final ResidentProcess resident;
    private final Wire wire;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean halted;
    private volatile boolean interruptedEarly;
    private volatile Thread commandThread;

    /** The exit code of a command ended by Ctrl-C before its run began: the JVM's for SIGINT, as in process. */
    static final int INTERRUPTED_BEFORE_RUN = 130;
    /** The answer that is none (no terminal, end of input, the client gone): not an empty line. */
    private static final char[] NO_ANSWER = new char[0];

    private final BlockingQueue<char[]> secrets = new LinkedBlockingQueue<>();
    private volatile Runnable interruptHandler;
    private volatile boolean interactive;

    ServedCommand(SocketChannel channel, ResidentProcess resident) {
        this.channel = channel;
        this.resident = resident;
        this.wire = Wire.over(channel);
    }

    /** Reads the request and serves it; closes the connection at the end. */
    void serve() {
        try (channel) {
            Wire.Frame first = wire.read();
            if (first == null || first.type() != Wire.REQUEST) {
                return;
            }
            Request request = Request.decode(first.payload());
            if (!request.identity().equals(resident.identity().text()) || !resident.accepting()) {
                resident.leave("a client of another kvmforge jar or JDK came");
                wire.write(Wire.STALE, "this resident process serves " + resident.identity().text());
                return;
            }
            interactive = request.terminal();
            if (request.args().size() == 2 && request.args().get(0).equals("daemon")) {
                daemonCommand(request.args().get(1));
                return;
            }
            commandThread = Thread.currentThread();
            Thread reader = new Thread(this::readClient, "kvmforge-client");
            reader.setDaemon(true);
            reader.start();
            int code = run(request);
            if (ended.compareAndSet(false, true)) {
                wire.writeCode(Wire.EXIT, code);
            }
        } catch (IOException e) {
            // the client went away; the run (if any) was ended as a Ctrl-C ends it
        } finally {
            commandThread = null;
            Thread.interrupted(); // an early Ctrl-C's interrupt ends with the command, not with this thread
        }
    }

    private int run(Request request) {
        Invocation invocation = new Invocation(
                new Controller(Path.of(request.workingDirectory()), request.environment(), this),
                new ConsoleMode(request.colour(), request.liveProgress()), this, resident.kept(),
                Invocation.interruptGrace(request.properties().get(Invocation.GRACE_PROPERTY)));
        PrintWriter out = writer(Wire.OUT);
        PrintWriter err = writer(Wire.ERR);
        try {
            return Kvmforge.execute(invocation, request.args().toArray(String[]::new), out, err);
        } catch (RuntimeException | Error e) {
            err.println("kvmforge: the resident process failed running the command: " + e);
            err.flush();
            return 1;
        } finally {
            // logins started ahead of need that the command did not take (it ended before opening its hosts)
            SshConnector.discardPendingLogins();
        }
    }

    private void daemonCommand(String what) throws IOException {
        PrintWriter out = writer(Wire.OUT);
        switch (what) {
            case "status" -> out.print(resident.status());
            case "stop" -> {
                out.println("kvmforge: the resident process (pid " + ProcessHandle.current().pid() + ") stops");
                resident.leave("kvmforge daemon stop");
            }
            default -> {
                PrintWriter err = writer(Wire.ERR);
                err.println("kvmforge daemon: unknown command '" + what + "': status or stop");
                err.flush();
                out.flush();
                wire.writeCode(Wire.EXIT, 5);
                return;
            }
        }
        out.flush();
        wire.writeCode(Wire.EXIT, 0);
    }

    /** Answers, Ctrl-C and the end of the client, until the command ends. */
    private void readClient() {
        try {
            while (true) {
                Wire.Frame f = wire.read();
                if (f == null) {
                    break;
                }
                switch (f.type()) {
                    case Wire.INTERRUPT -> interrupt();
                    case Wire.SECRET -> secrets.offer(decode(f.payload()));
                    case Wire.NO_SECRET -> secrets.offer(NO_ANSWER);
                    default -> {
                        // not a frame a client sends: ignored
                    }
                }
            }
        } catch (IOException e) {
            // the connection broke: as if the client went away
        }
        if (!ended.get()) {
            secrets.offer(NO_ANSWER);
            interrupt(); // the client is gone (its terminal closed, or it was killed): stop, then end at once
            interrupt();
        }
    }

    /**
     * A Ctrl-C: to the run's guard; before there is one (the command reads its input, asks for a password), as in
     * process, it ends the command at once (exit 130), and a guard installed later stops the run before it starts.
     */
    private void interrupt() {
        Runnable h = interruptHandler;
        if (h != null) {
            h.run();
            return;
        }
        interruptedEarly = true;
        secrets.offer(NO_ANSWER);
        Thread t = commandThread;
        if (t != null) {
            t.interrupt();
        }
        halt(INTERRUPTED_BEFORE_RUN);
    }

    @Override
    public String ask(String prompt, boolean echo) {
        if (!interactive) {
            return null; // as in process: no terminal, no one to answer (stdin is not read for a prompt)
        }
        if (echo) {
            char[] line = askClient(Wire.ASK_LINE, prompt);
            return line == null ? null : new String(line);
        }
        char[] secret = askClient(Wire.ASK_SECRET, prompt);
        if (secret == null) {
            return null;
        }
        String s = new String(secret);
        Arrays.fill(secret, '\0');
        return s;
    }

    @Override
    public char[] readSecret(String prompt) {
        return askClient(Wire.ASK_SECRET, prompt);
    }

    private char[] askClient(byte question, String prompt) {
        try {
            wire.write(question, prompt);
            char[] answer = secrets.take();
            return answer == NO_ANSWER ? null : answer;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public boolean interactive() {
        return interactive;
    }

    @Override
    public AutoCloseable onInterrupt(Runnable handler) {
        interruptHandler = handler;
        if (interruptedEarly) {
            handler.run(); // the client's command ended before the run began: the run stops at once
            handler.run();
        }
        return () -> interruptHandler = null;
    }

    /** Ends the client's command with {@code exitCode}; what still runs here goes on ending in the background. */
    @Override
    public void halt(int exitCode) {
        if (ended.compareAndSet(false, true)) {
            halted = true;
            resident.abandoned();
            try {
                wire.writeCode(Wire.EXIT, exitCode);
                channel.close();
            } catch (IOException e) {
                // the client is gone already
            }
        }
    }

    /** Whether the client's command was ended by {@link #halt} while this went on. */
    boolean halted() {
        return halted;
    }

    private PrintWriter writer(byte type) {
        OutputStream frames = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int at = off; at < off + len; at += Wire.MAX_PAYLOAD) {
                    wire.write(type, b, at, Math.min(Wire.MAX_PAYLOAD, off + len - at));
                }
            }
        };
        return new PrintWriter(new OutputStreamWriter(new java.io.BufferedOutputStream(frames, 8192),
                StandardCharsets.UTF_8), true);
    }

    /** The secret's characters; the bytes it came in are cleared. */
    private static char[] decode(byte[] bytes) {
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        Arrays.fill(bytes, (byte) 0);
        char[] secret = new char[chars.remaining()];
        chars.get(secret);
        Arrays.fill(chars.array(), '\0');
        return secret;
    }
}
