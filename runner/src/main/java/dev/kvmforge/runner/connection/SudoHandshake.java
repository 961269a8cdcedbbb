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
 * shell's ready line (both with the shell's random marker) and tells the opener; what comes after the ready line goes
 * on to the shell's frame scanner. Called on SSHD's I/O thread: never blocks.
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
        while (true) {
            int p = seen.indexOf(prompt);
            int r = seen.indexOf(ready + "\n");
            if (r >= 0 && (p < 0 || r < p)) {
                passed = true;
                byte[] rest = seen.substring(r + ready.length() + 1).getBytes(StandardCharsets.ISO_8859_1);
                seen.setLength(0);
                events.add(Event.READY);
                if (rest.length > 0) {
                    frames.write(rest, 0, rest.length);
                }
                return;
            }
            if (p < 0) {
                return;
            }
            seen.delete(0, p + prompt.length());
            events.add(Event.PROMPT);
        }
    }
}
