package dev.kvmforge.runner.connection;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One output stream (stdout or stderr) of a {@link PersistentShell}, cut into commands: Apache SSHD writes the
 * channel's bytes here as they arrive, and the bytes between a command's begin marker and its end marker go to that
 * command's {@link Receiver}, unchanged. The end marker is followed by a short trailer up to a newline (the exit
 * status on stdout). Bytes outside a frame (login noise, output of processes a command left behind) are dropped.
 *
 * <p>Markers are found anywhere in the stream, also split across writes; only a tail that could be the start of the
 * marker being looked for is held back until the next write decides it.
 */
final class FrameScanner extends OutputStream {

    /** Where a frame's parts go. Called on SSHD's I/O thread: must not block. */
    interface Receiver {

        /** The begin marker was seen: the command is about to run. */
        void begun();

        /** Bytes of the command's output, in order. */
        void data(byte[] bytes, int off, int len);

        /** The end marker and its trailer (the text after the marker up to the newline, without it). */
        void ended(String trailer);
    }

    /** Longest trailer accepted; a longer one means the stream is not what the shell was told to print. */
    private static final int MAX_TRAILER = 64;
    private static final byte[] NOTHING = new byte[0];

    private enum State { IDLE, BEGIN, BODY, TRAILER }

    private State state = State.IDLE;
    private byte[] begin = NOTHING;
    private byte[] end = NOTHING;
    private Receiver receiver;
    private byte[] held = NOTHING;
    private final StringBuilder trailer = new StringBuilder();

    /** Looks for the next frame, marked by {@code begin} and {@code end}, and sends its parts to {@code to}. */
    synchronized void expect(byte[] beginMarker, byte[] endMarker, Receiver to) {
        begin = beginMarker;
        end = endMarker;
        receiver = to;
        held = NOTHING;
        state = State.BEGIN;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        byte[] buf = b;
        int from = off;
        int to = off + len;
        if (held.length > 0) {
            buf = Arrays.copyOf(held, held.length + len);
            System.arraycopy(b, off, buf, held.length, len);
            from = 0;
            to = buf.length;
            held = NOTHING;
        }
        while (from < to) {
            switch (state) {
                case IDLE -> from = to;
                case BEGIN -> {
                    int at = indexOf(buf, from, to, begin);
                    if (at < 0) {
                        held = Arrays.copyOfRange(buf, to - partial(buf, from, to, begin), to);
                        from = to;
                    } else {
                        from = at + begin.length;
                        state = State.BODY;
                        receiver.begun();
                    }
                }
                case BODY -> {
                    int at = indexOf(buf, from, to, end);
                    int stop = at < 0 ? to - partial(buf, from, to, end) : at;
                    if (stop > from) {
                        receiver.data(buf, from, stop - from);
                    }
                    if (at < 0) {
                        held = Arrays.copyOfRange(buf, stop, to);
                        from = to;
                    } else {
                        from = at + end.length;
                        trailer.setLength(0);
                        state = State.TRAILER;
                    }
                }
                case TRAILER -> {
                    int nl = from;
                    while (nl < to && buf[nl] != '\n') {
                        nl++;
                    }
                    trailer.append(new String(buf, from, nl - from, StandardCharsets.ISO_8859_1));
                    from = Math.min(nl + 1, to);
                    if (nl < to || trailer.length() > MAX_TRAILER) {
                        Receiver r = receiver;
                        receiver = null;
                        state = State.IDLE;
                        r.ended(trailer.length() > MAX_TRAILER ? "" : trailer.toString());
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    /** First index of {@code marker} in {@code buf[from, to)}, or -1. */
    static int indexOf(byte[] buf, int from, int to, byte[] marker) {
        byte first = marker[0];
        for (int i = from; i <= to - marker.length; i++) {
            if (buf[i] == first && Arrays.equals(buf, i, i + marker.length, marker, 0, marker.length)) {
                return i;
            }
        }
        return -1;
    }

    /** Length of the longest tail of {@code buf[from, to)} that is a proper start of {@code marker}. */
    static int partial(byte[] buf, int from, int to, byte[] marker) {
        for (int k = Math.min(marker.length - 1, to - from); k > 0; k--) {
            if (Arrays.equals(buf, to - k, to, marker, 0, k)) {
                return k;
            }
        }
        return 0;
    }
}
