package dev.kvmforge.runner.connection;

import dev.kvmforge.runner.connection.ExecRequest.Become;
import dev.kvmforge.runner.connection.ExecRequest.OutputListener;
import dev.kvmforge.runner.connection.ExecRequest.Stream;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one {@link ExecRequest} on a {@link Connection}: the only place that wraps commands, feeds stdin, answers
 * sudo's prompt, collects output and enforces the time limit.
 *
 * <p>Every command is wrapped so that its first stderr line reports its process id (to kill it and its children on a
 * timeout). With become it runs under {@code sudo -S -p <marker>}: when sudo's prompt (the marker) shows on stderr the
 * password goes to stdin, never argv; a second prompt means the password was wrong. The wrapped command announces that
 * it has begun before stdin is sent, so a sudo that needs no password never eats the command's input; and the root
 * shell under sudo kills its whole process group when sudo relays a TERM, since the login user cannot.
 *
 * <p>Only a command under sudo is {@linkplain Connection#start(String, boolean) interactive} (the password goes in
 * while it runs); every other command gets all of its stdin before it starts, which lets SSH run it on a shell kept
 * open instead of an exec channel of its own. Over SSH a command with become first goes to a shell kept open under
 * sudo ({@link Connection#startBecome}), where sudo asked for the password once, when the shell opened; only where
 * the host cannot keep one does the command run under a sudo of its own as described above.
 */
public final class CommandRunner {

    private static final String MARKER = "KVMFORGE-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    private static final String PID = MARKER + ":pid:";
    private static final String PROMPT = MARKER + ":prompt:";
    private static final String BEGIN = MARKER + ":begin";

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService PUMPS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kvmforge-io-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private CommandRunner() {
    }

    /** The shell text actually sent for {@code request}: the command wrapped as described above. */
    public static String wrap(ExecRequest request, boolean loginIsRoot) {
        String announcePid = "printf '" + PID + "%s\\n' \"$$\" >&2; ";
        Become become = request.become();
        if (become == null || (loginIsRoot && "root".equals(become.user()))) {
            return announcePid + request.command();
        }
        // The login user may signal sudo but not the root processes under it, and sudo relays a TERM only to its
        // child: so that child, a root shell, runs the command in the background (stdin passed on through fd 3)
        // and on TERM kills the whole process group itself, with KILL for what outlives a short grace.
        String inner = "printf '" + BEGIN + "\\n' >&2; exec 3<&0; "
                + "trap 'trap \"\" TERM INT HUP; kill -TERM 0; i=0; "
                + "while [ $i -lt 20 ] && kill -0 $k 2>/dev/null; do sleep 0.1; i=$((i+1)); done; kill -KILL 0' "
                + "TERM INT HUP; { " + request.command() + "\n} <&3 3<&- & k=$!; wait $k";
        return announcePid + "exec sudo -H -S -p '" + PROMPT + "' -u " + Shell.quote(become.user())
                + " -- /bin/sh -c " + Shell.quote(inner);
    }

    /** Runs {@code request} on {@code connection}; a command killed for its time limit throws. */
    public static ExecResult run(Connection connection, ExecRequest request) {
        return run(connection, request, true);
    }

    /**
     * As {@link #run(Connection, ExecRequest)}, but a command with become runs under a sudo of its own, never on a
     * shell kept open under sudo: for killing what runs on such a shell when the session has no room for another.
     */
    static ExecResult runUnderOwnSudo(Connection connection, ExecRequest request) {
        return run(connection, request, false);
    }

    private static ExecResult run(Connection connection, ExecRequest request, boolean becomeShells) {
        long started = System.nanoTime();
        boolean needsSudo = request.become() != null
                && !(connection.isRoot() && "root".equals(request.become().user()));
        request.output().command(request.command());
        // a shell kept open under sudo runs the command as it is, with sudo's password asked once per shell
        RemoteProcess onBecomeShell = needsSudo && becomeShells
                ? connection.startBecome(wrap(request.withBecome(null), true), request.become(), request.stdin())
                : null;
        boolean sudo = needsSudo && onBecomeShell == null;
        RemoteProcess process = onBecomeShell != null ? onBecomeShell
                : connection.start(wrap(request, connection.isRoot()), sudo);
        StderrWatcher err = new StderrWatcher(process, request, sudo);
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(
                () -> pump(process.stdout(), request.output(), Stream.STDOUT), PUMPS);
        CompletableFuture<Void> errDone = CompletableFuture.runAsync(err::run, PUMPS);
        try {
            long deadline = started + request.timeout().toNanos();
            if (sudo) {
                err.begun.await(request.timeout().toNanos(), TimeUnit.NANOSECONDS);
            }
            if (!sudo || err.begun.getCount() == 0 && !err.failed()) {
                writeStdin(process, request.stdin());
            }
            // at least a millisecond: SSHD waits for ever on a limit of zero
            OptionalInt status = process.waitFor(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (status.isEmpty()) {
                process.kill(err.pid.get());
                throw new KvmforgeException(ErrorKind.TASK,
                        "command timed out after " + human(request.timeout()) + " and was killed", null,
                        "raise the task's timeout if the command needs longer");
            }
            byte[] stdout = out.get(10, TimeUnit.SECONDS);
            errDone.get(10, TimeUnit.SECONDS);
            if (err.wrongPassword) {
                throw wrongPassword();
            }
            if (err.passwordMissing) {
                throw passwordMissing();
            }
            if (err.lineBreakInPassword) {
                throw passwordWithLineBreak();
            }
            return new ExecResult(status.getAsInt(), new String(stdout, StandardCharsets.UTF_8), err.text(),
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            process.kill(err.pid.get());
            Thread.currentThread().interrupt();
            throw new KvmforgeException(ErrorKind.GENERAL, "interrupted", null, null, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof KvmforgeException k) {
                throw k;
            }
            throw new UnreachableException("lost the output of a command: " + cause.getMessage(),
                    connection.describe(), "the connection may have dropped", cause);
        }
    }

    /** sudo refused the become password. */
    static KvmforgeException wrongPassword() {
        return new KvmforgeException(ErrorKind.TASK, "become failed: incorrect sudo password", null,
                "check ansible_become_password or what you typed at -K");
    }

    /** The become password holds a line break, which sudo, reading one line, cannot take. */
    static KvmforgeException passwordWithLineBreak() {
        return new KvmforgeException(ErrorKind.TASK, "become failed: the sudo password contains a line break, which"
                + " sudo cannot read", null, "check ansible_become_password");
    }

    /** sudo asked for a password and there was none. */
    static KvmforgeException passwordMissing() {
        return new KvmforgeException(ErrorKind.TASK, "become failed: sudo asks for a password and none was given",
                null, "pass -K/--ask-become-pass or set ansible_become_password");
    }

    private static void writeStdin(RemoteProcess process, byte[] bytes) {
        try (OutputStream in = process.stdin()) {
            if (bytes.length > 0) {
                in.write(bytes);
                in.flush();
            }
        } catch (IOException e) {
            // the command exited without reading all of its input; its exit status tells the rest
        }
    }

    private static byte[] pump(InputStream in, OutputListener listener, Stream stream) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        LineSplitter lines = listener == OutputListener.NONE ? null : new LineSplitter(l -> listener.line(stream, l));
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                all.write(buf, 0, n);
                if (lines != null) {
                    lines.accept(buf, n);
                }
            }
        } catch (IOException e) {
            // stream closed under us: what we have is the output
        }
        if (lines != null) {
            lines.finish();
        }
        return all.toByteArray();
    }

    private static String human(Duration d) {
        return d.toSeconds() > 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** Splits bytes into lines for a listener. */
    private static final class LineSplitter {
        private final java.util.function.Consumer<String> sink;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        LineSplitter(java.util.function.Consumer<String> sink) {
            this.sink = sink;
        }

        void accept(byte[] buf, int n) {
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    sink.accept(pending.toString(StandardCharsets.UTF_8));
                    pending.reset();
                } else {
                    pending.write(buf[i]);
                }
            }
        }

        void finish() {
            if (pending.size() > 0) {
                sink.accept(pending.toString(StandardCharsets.UTF_8));
            }
        }
    }

    /** Reads stderr: takes out the pid line, answers the sudo prompt, notices the begin marker, keeps the rest. */
    private static final class StderrWatcher implements Runnable {
        final AtomicLong pid = new AtomicLong();
        final CountDownLatch begun = new CountDownLatch(1);
        private final RemoteProcess process;
        private final ExecRequest request;
        private final boolean sudo;
        private final StringBuilder kept = new StringBuilder();
        private int prompts;
        volatile boolean wrongPassword;
        volatile boolean passwordMissing;
        volatile boolean lineBreakInPassword;

        StderrWatcher(RemoteProcess process, ExecRequest request, boolean sudo) {
            this.process = process;
            this.request = request;
            this.sudo = sudo;
        }

        boolean failed() {
            return wrongPassword || passwordMissing || lineBreakInPassword;
        }

        String text() {
            return kept.toString();
        }

        @Override
        public void run() {
            StringBuilder pending = new StringBuilder();
            byte[] buf = new byte[8192];
            java.nio.charset.CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16384);
            java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(16384);
            try (InputStream in = process.stderr()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    bytes.put(buf, 0, n).flip();
                    dec.decode(bytes, chars, false);
                    bytes.compact();
                    chars.flip();
                    pending.append(chars);
                    chars.clear();
                    drain(pending, false);
                }
            } catch (IOException e) {
                // closed: keep what we have
            } finally {
                drain(pending, true);
                begun.countDown();
            }
        }

        private void drain(StringBuilder pending, boolean atEnd) {
            while (true) {
                int prompt = sudo ? pending.indexOf(PROMPT) : -1;
                int nl = pending.indexOf("\n");
                if (prompt >= 0 && (nl < 0 || prompt < nl)) {
                    keep(pending.substring(0, prompt), false);
                    pending.delete(0, prompt + PROMPT.length());
                    answerPrompt();
                    continue;
                }
                if (nl < 0) {
                    if (atEnd && pending.length() > 0) {
                        keep(pending.toString(), true);
                        pending.setLength(0);
                    }
                    return;
                }
                String line = pending.substring(0, nl);
                pending.delete(0, nl + 1);
                if (line.startsWith(PID)) {
                    try {
                        pid.compareAndSet(0, Long.parseLong(line.substring(PID.length()).trim()));
                    } catch (NumberFormatException e) {
                        // not ours after all
                    }
                } else if (line.equals(BEGIN)) {
                    begun.countDown();
                } else if (sudo && begun.getCount() > 0 && line.startsWith("Sorry, try again.")) {
                    wrongPassword = true;
                } else {
                    keep(line, true);
                }
            }
        }

        private void keep(String text, boolean newline) {
            if (text.isEmpty() && !newline) {
                return;
            }
            kept.append(text);
            if (newline) {
                kept.append('\n');
                request.output().line(Stream.STDERR, text);
            }
        }

        private void answerPrompt() {
            prompts++;
            Secret password = request.become().password();
            try {
                OutputStream in = process.stdin();
                if (prompts > 1 || password == null) {
                    if (prompts > 1) {
                        wrongPassword = true;
                    } else {
                        passwordMissing = true;
                    }
                    in.close();
                    begun.countDown();
                    return;
                }
                String text = password.reveal();
                if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                    lineBreakInPassword = true;
                    in.close();
                    begun.countDown();
                    return;
                }
                in.write((text + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
            } catch (IOException e) {
                begun.countDown();
            }
        }
    }
}
