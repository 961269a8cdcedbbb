package dev.kvmforge.runner.report;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.kvmforge.runner.error.SourceLocation;
import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.Status;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An event as plain JSON-ready values: {@code event} (its kind in snake_case, such as {@code host_result}) first,
 * then its fields with snake_case keys. Statuses are their words, durations seconds, instants ISO-8601 text,
 * locations {@code {file, line, column}}; records inside (changes, diffs) become objects the same way.
 */
final class EventFields {

    private static final PropertyNamingStrategies.NamingBase SNAKE = new PropertyNamingStrategies.SnakeCaseStrategy();

    private EventFields() {
    }

    /** The snake_case name of the event's kind: {@code HostResult} gives {@code host_result}. */
    static String kind(Event event) {
        return SNAKE.translate(event.getClass().getSimpleName());
    }

    /** {@code {"event": kind, field: value...}}. */
    static Map<String, Object> of(Event event) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", kind(event));
        out.putAll(fields((Record) event));
        return out;
    }

    private static Map<String, Object> fields(Record r) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(r);
            } catch (IllegalAccessException | InvocationTargetException e) {
                v = null;
            }
            out.put(SNAKE.translate(c.getName()), plain(v));
        }
        return out;
    }

    private static Object plain(Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Status s) {
            return s.word();
        }
        if (v instanceof Duration d) {
            return d.toNanos() / 1e9;
        }
        if (v instanceof TemporalAccessor t) {
            return t.toString();
        }
        if (v instanceof SourceLocation l) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", l.file());
            m.put("line", l.line());
            m.put("column", l.column());
            return m;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> m = new LinkedHashMap<>();
            map.forEach((k, x) -> m.put(String.valueOf(k), plain(x)));
            return m;
        }
        if (v instanceof Collection<?> col) {
            List<Object> l = new ArrayList<>();
            col.forEach(x -> l.add(plain(x)));
            return l;
        }
        if (v instanceof Record rec) {
            return fields(rec);
        }
        if (v instanceof Enum<?> e) {
            return e.toString();
        }
        return v;
    }
}
