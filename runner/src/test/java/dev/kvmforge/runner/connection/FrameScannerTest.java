package dev.kvmforge.runner.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cutting a shell's output stream into frames: markers anywhere, split anywhere, output kept byte for byte. */
class FrameScannerTest {

    private static final byte[] BEGIN = bytes("kvmforge-frame:0123:begin");
    private static final byte[] END = bytes("kvmforge-frame:0123:end:");

    /** What a receiver was told, in order. */
    private static final class Recorder implements FrameScanner.Receiver {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final List<String> events = new ArrayList<>();

        @Override
        public void begun() {
            events.add("begun");
        }

        @Override
        public void data(byte[] bytes, int off, int len) {
            data.write(bytes, off, len);
        }

        @Override
        public void ended(String trailer) {
            events.add("ended:" + trailer);
        }
    }

    @Test
    void cutsTheFrameOutOfNoiseWhereverTheWritesSplitIt() {
        byte[] body = bytes("out kvmforge-frame:0123:be kvmforge-frame:0123:en\u00ff\u0000 no newline");
        byte[] stream = concat(bytes("login noise kvmforge-frame"), BEGIN, body, END, bytes("7 0\nstray after"));
        for (int split1 = 0; split1 <= stream.length; split1++) {
            for (int split2 = split1; split2 <= stream.length; split2 += 7) {
                FrameScanner scanner = new FrameScanner();
                Recorder r = new Recorder();
                scanner.expect(BEGIN, END, r);
                scanner.write(stream, 0, split1);
                scanner.write(stream, split1, split2 - split1);
                scanner.write(stream, split2, stream.length - split2);
                assertArrayEquals(body, r.data.toByteArray(), "split at " + split1 + ", " + split2);
                assertEquals(List.of("begun", "ended:7 0"), r.events, "split at " + split1 + ", " + split2);
            }
        }
    }

    @Test
    void byteByByteAndFrameAfterFrame() {
        FrameScanner scanner = new FrameScanner();
        for (int i = 0; i < 3; i++) {
            Recorder r = new Recorder();
            scanner.expect(BEGIN, END, r);
            byte[] stream = concat(BEGIN, bytes("frame " + i), END, bytes(i + " 0\n"));
            for (byte b : stream) {
                scanner.write(b);
            }
            assertEquals("frame " + i, r.data.toString(StandardCharsets.UTF_8));
            assertEquals(List.of("begun", "ended:" + i + " 0"), r.events);
        }
    }

    @Test
    void anEmptyFrameAndAPartialMarkerAtTheEndOfOutput() {
        FrameScanner scanner = new FrameScanner();
        Recorder empty = new Recorder();
        scanner.expect(BEGIN, END, empty);
        scanner.write(concat(BEGIN, END, bytes("\n")), 0, BEGIN.length + END.length + 1);
        assertEquals(0, empty.data.size());
        assertEquals(List.of("begun", "ended:"), empty.events);

        Recorder partial = new Recorder();
        scanner.expect(BEGIN, END, partial);
        byte[] stream = concat(BEGIN, bytes("kvmforge-frame:0123:en"));
        scanner.write(stream, 0, stream.length);
        assertEquals("", partial.data.toString(StandardCharsets.UTF_8), "held back: could be the end marker");
        scanner.write(concat(bytes("d"), END, bytes("0 0\n")), 0, 1 + END.length + 4);
        assertEquals("kvmforge-frame:0123:end", partial.data.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("begun", "ended:0 0"), partial.events);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
