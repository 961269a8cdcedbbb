package dev.kvmforge.runner.connection;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The stderr of a {@link PersistentShell} under sudo while sudo starts it: watches for sudo's prompt and for the
 * shell's ready line (both with the shell's random marker, each only at the start of a line, the prompt only as the
 * last thing received) and tells the opener; what comes after the ready line goes on to the shell's frame scanner.
 * Called on SSHD's I/O thread: never blocks.
 */
final class SudoHandshake extends OutputStream {

    /** What the opener waits for. */
    enum Event { PROMPT, READY, CLOSED, TIMEOUT }

    private final OutputStream frames;
    private final String prompt;
    private final String ready;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final StringBuilder seen = new StringBuilder();
    private boolean passed;

    SudoHandshake(OutputStream frames, String prompt, String ready) {
        this.frames = frames;
        this.prompt = prompt;
        this.ready = ready;
        seen.append('\n'); // the stream starts at the start of a line
    }

    /** The next thing sudo did, waiting up to {@code timeout}. */
    Event next(Duration timeout) throws InterruptedException {
        Event e = events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return e == null ? Event.TIMEOUT : e;
    }

    /** The channel closed: sudo (or the shell) is gone. */
    void closed() {
        events.add(Event.CLOSED);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (passed) {
            frames.write(b, off, len);
            return;
        }
        seen.append(new String(b, off, len, StandardCharsets.ISO_8859_1));
        int r = seen.indexOf("\n" + ready + "\n");
        if (r >= 0) {
            passed = true;
            byte[] rest = seen.substring(r + ready.length() + 2).getBytes(StandardCharsets.ISO_8859_1);
            seen.setLength(0);
            events.add(Event.READY);
            if (rest.length > 0) {
                frames.write(rest, 0, rest.length);
            }
            return;
        }
        // sudo prints its prompt at the start of a line and then waits for the password: the prompt is the last
        // thing that arrived. The marker anywhere else (a login shell echoing the command, say) is not a prompt.
        String lineAndPrompt = "\n" + prompt;
        if (seen.length() >= lineAndPrompt.length()
                && seen.substring(seen.length() - lineAndPrompt.length()).equals(lineAndPrompt)) {
            seen.setLength(0);
            seen.append('\n');
            events.add(Event.PROMPT);
        }
    }
}
