package dev.kvmforge.runner.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A stream filled by another thread: bytes are {@linkplain #add added} as they arrive (never blocking the adder),
 * readers block until there are some, and {@linkplain #end the end} may carry an error raised to the reader that
 * reaches it.
 */
final class StreamBuffer extends InputStream {

    private final Deque<byte[]> chunks = new ArrayDeque<>();
    private int offset;
    private boolean ended;
    private Supplier<? extends RuntimeException> endError;

    /** Appends a copy of {@code len} bytes; ignored once ended. */
    synchronized void add(byte[] bytes, int off, int len) {
        if (ended || len == 0) {
            return;
        }
        chunks.add(Arrays.copyOfRange(bytes, off, off + len));
        notifyAll();
    }

    /**
     * Ends the stream after what was added; {@code error} (may be null, may return null) is asked at the end of the
     * stream whether reaching it is an error rather than a normal end. Only the first end counts.
     */
    synchronized void end(Supplier<? extends RuntimeException> error) {
        if (!ended) {
            ended = true;
            endError = error;
            notifyAll();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (chunks.isEmpty() && !ended) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading a command's output");
            }
        }
        byte[] head = chunks.peek();
        if (head == null) {
            RuntimeException error = endError == null ? null : endError.get();
            if (error != null) {
                throw error;
            }
            return -1;
        }
        int n = Math.min(len, head.length - offset);
        System.arraycopy(head, offset, b, off, n);
        offset += n;
        if (offset == head.length) {
            chunks.poll();
            offset = 0;
        }
        return n;
    }

    @Override
    public synchronized int available() {
        byte[] head = chunks.peek();
        return head == null ? 0 : head.length - offset;
    }

    /** The reader is done: what is buffered or still comes is dropped. */
    @Override
    public synchronized void close() {
        chunks.clear();
        ended = true;
        endError = null;
        notifyAll();
    }
}
