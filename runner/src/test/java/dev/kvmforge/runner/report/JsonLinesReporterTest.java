package dev.kvmforge.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.Status;
import dev.kvmforge.runner.modules.Change;
import dev.kvmforge.runner.yaml.Yaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesReporterTest {

    @TempDir
    Path dir;

    @Test
    void oneObjectPerEventWithSnakeCaseKeys() throws Exception {
        Path file = dir.resolve("out/run.jsonl");
        SampleRun.feed(new JsonLinesReporter(file));
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            events.add(Yaml.binder().readTree(line));
        }
        assertEquals(16, events.size());
        assertEquals("run_started", events.get(0).get("event").asText());
        assertEquals("2026-11-02T10:00:00Z", events.get(0).get("at").asText());
        assertFalse(events.get(0).get("check_mode").asBoolean());
        JsonNode changed = events.get(3);
        assertEquals("host_result", changed.get("event").asText());
        assertEquals("web1", changed.get("host").asText());
        assertEquals("changed", changed.get("status").asText());
        assertEquals(1.5, changed.get("duration").asDouble());
        assertEquals(5, changed.get("location").get("line").asInt());
        assertEquals("install qemu-kvm", changed.get("changes").get(0).get("summary").asText());
        assertEquals(0, changed.get("values").get("rc").asInt());
        assertEquals("recap", events.get(14).get("event").asText());
        assertEquals(1, events.get(14).get("hosts").get("db-server-long-name").get("failed").asInt());
        assertEquals("run_finished", events.get(15).get("event").asText());
        assertEquals(2, events.get(15).get("exit_code").asInt());
    }

    @Test
    void eachLineIsFlushedAsItComes() throws Exception {
        Path file = dir.resolve("live.jsonl");
        JsonLinesReporter r = new JsonLinesReporter(file);
        r.on(new Event.HostResult("web1", "t", null, Status.OK, "x", null, List.of(Change.of("c")), List.of(),
                Map.of(), false, Duration.ZERO));
        String line = Files.readString(file);
        assertTrue(line.startsWith("{\"event\":\"host_result\",\"host\":\"web1\""), line);
        assertTrue(line.endsWith("}\n"), line);
        r.close();
        r.close();
    }
}
