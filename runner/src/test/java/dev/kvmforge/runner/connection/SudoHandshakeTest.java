package dev.kvmforge.runner.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What counts as sudo's prompt and as the shell's ready line on the stderr of a shell under sudo. */
class SudoHandshakeTest {

    private static final String PROMPT = "m:prompt:";
    private static final String READY = "m:ready";
    private static final Duration NOW = Duration.ofMillis(50);

    private final ByteArrayOutputStream frames = new ByteArrayOutputStream();
    private final SudoHandshake handshake = new SudoHandshake(frames, PROMPT, READY);

    private void write(String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        handshake.write(b, 0, b.length);
    }

    @Test
    void aPromptThenTheReadyLineThenFrames() throws Exception {
        write("We trust you have received the usual lecture.\n\n" + PROMPT);
        assertEquals(SudoHandshake.Event.PROMPT, handshake.next(NOW));
        write(READY + "\nframe bytes");
        assertEquals(SudoHandshake.Event.READY, handshake.next(NOW));
        write(" and more");
        assertEquals("frame bytes and more", frames.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noPasswordNeededIsReadyAtOnceEvenInPieces() throws Exception {
        write("m:re");
        assertEquals(SudoHandshake.Event.TIMEOUT, handshake.next(NOW));
        write("ady\n");
        assertEquals(SudoHandshake.Event.READY, handshake.next(NOW));
    }

    @Test
    void aWrongPasswordPromptsAgain() throws Exception {
        write(PROMPT);
        assertEquals(SudoHandshake.Event.PROMPT, handshake.next(NOW));
        write("Sorry, try again.\n" + PROMPT);
        assertEquals(SudoHandshake.Event.PROMPT, handshake.next(NOW));
    }

    /** A login shell that echoes the command (set -x) shows the markers, but not as sudo would print them. */
    @Test
    void theMarkersInsideAnEchoedCommandAreNeither() throws Exception {
        write("+ exec sudo -H -S -p '" + PROMPT + "' -u root -- /bin/sh -c 'printf ... " + READY + " >&2'\n");
        assertEquals(SudoHandshake.Event.TIMEOUT, handshake.next(NOW));
        write("+ exec sudo -p " + PROMPT);
        assertEquals(SudoHandshake.Event.TIMEOUT, handshake.next(NOW));
        write(" -u root\n");
        assertEquals(SudoHandshake.Event.TIMEOUT, handshake.next(NOW));
        assertEquals(0, frames.size());
    }
}
