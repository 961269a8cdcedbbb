package dev.kvmforge.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.EventListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's JSON lines read back are the events that were written. */
class EventLogTest {

    @TempDir
    Path dir;

    @Test
    void theEventsReadBackAreTheEventsWritten() {
        List<Event> written = new ArrayList<>();
        Path file = dir.resolve("run.jsonl");
        JsonLinesReporter json = new JsonLinesReporter(file);
        SampleRun.feed(new EventListener() {
            @Override
            public void on(Event event) {
                written.add(event);
                json.on(event);
            }

            @Override
            public void close() {
                json.close();
            }
        });
        json.close();
        assertTrue(EventLog.isEventLog(file));
        assertEquals(written, EventLog.read(file));
    }

    @Test
    void aLineThatIsNotAnEventIsNamedByFileAndLine() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"event\":\"warning\",\"message\":\"m\"}\n{\"event\":\"lunch\"}\n");
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> EventLog.read(file));
        assertEquals(file + ":2:1", e.where().orElseThrow());
        assertTrue(e.what().contains("no event is called 'lunch'"), e.what());
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello\n");
        assertFalse(EventLog.isEventLog(text));
    }
}
