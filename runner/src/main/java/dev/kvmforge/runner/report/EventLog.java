package dev.kvmforge.runner.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.SourceLocation;
import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.HostStats;
import dev.kvmforge.runner.event.Status;
import dev.kvmforge.runner.modules.Change;
import dev.kvmforge.runner.modules.Diff;
import dev.kvmforge.runner.yaml.Yaml;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's events read back from the JSON lines that {@link JsonLinesReporter} wrote ({@code run --json FILE}): the
 * same records, so that they can be written again by any reporter ({@code kvmforge report merge}). A line that is not
 * such an event is an error naming the file and the line.
 */
public final class EventLog {

    private EventLog() {
    }

    /** Whether {@code file}'s first line is a run's first event, as {@code run --json} writes it. */
    public static boolean isEventLog(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            return first != null && first.startsWith("{\"event\":");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The events in {@code file}, in their order.
     *
     * @throws KvmforgeException {@code PARSE} at the line that is not an event, {@code GENERAL} when the file cannot
     *                           be read
     */
    public static List<Event> read(Path file) {
        List<Event> events = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                SourceLocation where = SourceLocation.of(file, number, 1);
                try {
                    events.add(event(Yaml.binder().readTree(line)));
                } catch (JsonProcessingException | IllegalArgumentException | NullPointerException
                         | DateTimeParseException e) {
                    throw new KvmforgeException(ErrorKind.PARSE, "not an event of a run's JSON lines: "
                            + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()),
                            where.toString(), "give the files that kvmforge run --json wrote, unchanged", e);
                }
            }
        } catch (IOException e) {
            throw new KvmforgeException(ErrorKind.GENERAL, "cannot read the report: " + e.getMessage(),
                    file.toString(), null, e);
        }
        return events;
    }

    private static Event event(JsonNode n) {
        String kind = text(n, "event");
        if (kind == null) {
            throw new IllegalArgumentException("no 'event' key");
        }
        return switch (kind) {
            case "run_started" -> new Event.RunStarted(Instant.parse(text(n, "at")), text(n, "playbook"),
                    n.path("check_mode").asBoolean(), n.path("diff_mode").asBoolean(), text(n, "slice"),
                    strings(n.path("inventory_hosts")));
            case "play_started" -> new Event.PlayStarted(text(n, "name"), text(n, "host_pattern"),
                    strings(n.path("hosts")), text(n, "strategy"));
            case "task_started" -> new Event.TaskStarted(text(n, "name"), text(n, "module"),
                    location(n.path("location")), n.path("handler").asBoolean());
            case "host_result" -> new Event.HostResult(text(n, "host"), text(n, "task"), location(n.path("location")),
                    status(text(n, "status")), text(n, "item"), text(n, "message"), changes(n.path("changes")),
                    diffs(n.path("diffs")), values(n.path("values")), n.path("ignored").asBoolean(),
                    duration(n.path("duration")));
            case "retrying" -> new Event.Retrying(text(n, "host"), text(n, "task"), location(n.path("location")),
                    n.path("retries_left").asInt(), values(n.path("values")));
            case "host_output" -> new Event.HostOutput(text(n, "host"), text(n, "task"), n.path("stderr").asBoolean(),
                    text(n, "line"));
            case "host_command" -> new Event.HostCommand(text(n, "host"), text(n, "task"), text(n, "command"));
            case "warning" -> new Event.Warning(text(n, "host"), text(n, "message"));
            case "recap" -> new Event.Recap(recap(n.path("hosts")));
            case "run_finished" -> new Event.RunFinished(n.path("exit_code").asInt(), duration(n.path("duration")),
                    n.path("interrupted").asBoolean());
            default -> throw new IllegalArgumentException("no event is called '" + kind + "'");
        };
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static SourceLocation location(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null
                : new SourceLocation(text(n, "file"), n.path("line").asInt(), n.path("column").asInt());
    }

    private static Status status(String word) {
        return Status.valueOf(word.toUpperCase(Locale.ROOT));
    }

    private static Duration duration(JsonNode seconds) {
        return seconds.isNumber() ? Duration.ofNanos(Math.round(seconds.asDouble() * 1e9)) : null;
    }

    private static List<Change> changes(JsonNode array) {
        List<Change> out = new ArrayList<>();
        array.forEach(c -> out.add(new Change(text(c, "summary"), diff(c.path("diff")))));
        return out;
    }

    private static List<Diff> diffs(JsonNode array) {
        List<Diff> out = new ArrayList<>();
        array.forEach(d -> out.add(diff(d)));
        return out;
    }

    private static Diff diff(JsonNode d) {
        return d.isMissingNode() || d.isNull() ? null : new Diff(text(d, "path"), text(d, "before"), text(d, "after"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> values(JsonNode n) {
        return n.isObject() ? Yaml.binder().convertValue(n, LinkedHashMap.class) : Map.of();
    }

    private static Map<String, HostStats> recap(JsonNode hosts) {
        Map<String, HostStats> out = new LinkedHashMap<>();
        hosts.fields().forEachRemaining(e -> {
            JsonNode s = e.getValue();
            out.put(e.getKey(), new HostStats(s.path("ok").asInt(), s.path("changed").asInt(),
                    s.path("unreachable").asInt(), s.path("failed").asInt(), s.path("skipped").asInt(),
                    s.path("rescued").asInt(), s.path("ignored").asInt()));
        });
        return out;
    }
}
