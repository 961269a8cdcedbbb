package dev.kvmforge.cli.resident;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The frames the client and the resident process exchange over the Unix socket: a type byte, a length, the
 * payload. One {@link Request} opens a connection; then the resident process sends output and questions, and last
 * the exit code; the client sends answers and Ctrl-C. Writes are whole frames, one writer at a time.
 */
final class Wire {

    /** Client to resident: the command ({@link Request}). */
    static final byte REQUEST = 'R';
    /** Client to resident: the answer to {@link #ASK_SECRET} or {@link #ASK_LINE}, UTF-8; {@link #NO_SECRET} when none
     * came. */
    static final byte SECRET = 'S';
    /** Client to resident: no secret was given (end of input). */
    static final byte NO_SECRET = 'N';
    /** Client to resident: a Ctrl-C (SIGINT) or SIGTERM. */
    static final byte INTERRUPT = 'I';
    /** Resident to client: bytes for standard output. */
    static final byte OUT = 'O';
    /** Resident to client: bytes for standard error. */
    static final byte ERR = 'E';
    /** Resident to client: ask for a secret with this prompt (UTF-8). */
    static final byte ASK_SECRET = 'A';
    /** Resident to client: ask for a line typed with echo (a {@code pause} prompt, UTF-8). */
    static final byte ASK_LINE = 'L';
    /** Resident to client: the command ended with this exit code (a 4-byte int). */
    static final byte EXIT = 'X';
    /** Resident to client: the command was not run; the reason (UTF-8). */
    static final byte REFUSED = 'F';
    /** Resident to client: not run because this resident process serves another jar or JDK, and is leaving. */
    static final byte STALE = 'T';

    /** A frame as read. */
    record Frame(byte type, byte[] payload) {

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int code() {
            return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8)
                    | (payload[3] & 0xff);
        }
    }

    /** Frames are at most this large: output is cut into frames of this size. */
    static final int MAX_PAYLOAD = 1 << 16;

    private final DataInputStream in;
    private final DataOutputStream out;

    Wire(InputStream in, OutputStream out) {
        this.in = new DataInputStream(in);
        this.out = new DataOutputStream(out);
    }

    /**
     * Frames over {@code channel}, read and written by different threads at once: its own reads and writes, not
     * {@link java.nio.channels.Channels}' streams, which share one lock (a reader waiting for the next frame would
     * hold up every write).
     */
    static Wire over(SocketChannel channel) {
        InputStream in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
            }
        };
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        };
        return new Wire(new java.io.BufferedInputStream(in, 8192), out);
    }

    /** The next frame; null at the end of the stream. */
    Frame read() throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (length < 0 || length > MAX_PAYLOAD * 16) {
            throw new IOException("a frame of " + length + " bytes: not kvmforge's resident process protocol");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame((byte) type, payload);
    }

    /** Writes one frame in one piece (a reader never waits for the rest of a frame's header). */
    synchronized void write(byte type, byte[] payload, int offset, int length) throws IOException {
        byte[] frame = new byte[5 + length];
        frame[0] = type;
        frame[1] = (byte) (length >>> 24);
        frame[2] = (byte) (length >>> 16);
        frame[3] = (byte) (length >>> 8);
        frame[4] = (byte) length;
        System.arraycopy(payload, offset, frame, 5, length);
        try {
            out.write(frame);
            out.flush();
        } finally {
            if (type == SECRET) {
                java.util.Arrays.fill(frame, (byte) 0);
            }
        }
    }

    void write(byte type, byte[] payload) throws IOException {
        write(type, payload, 0, payload.length);
    }

    void write(byte type, String text) throws IOException {
        write(type, text.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte type) throws IOException {
        write(type, new byte[0]);
    }

    void writeCode(byte type, int code) throws IOException {
        write(type, new byte[] {(byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8), (byte) code});
    }
}
