package dev.kvmforge.runner.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.SourceLocation;
import dev.kvmforge.runner.modules.Change;
import dev.kvmforge.runner.modules.Diff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Masking a run's secrets in every string of every event before a listener sees it. */
class SecretMaskTest {

    private static final SourceLocation AT = new SourceLocation("site.yml", 4, 7);
    private static final SecretMask MASK = SecretMask.of(List.of("S3cretPW", "BecPW123", "12345678"));

    private static Event.HostResult result(String message, Map<String, Object> values) {
        return new Event.HostResult("kvm1", "login", AT, Status.CHANGED, null, message, List.of(), List.of(), values,
                false, Duration.ofMillis(5));
    }

    @Test
    void everyStringOfEveryKindOfEventIsMasked() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("changed", true);
        values.put("cmd", List.of("echo", "S3cretPW"));
        values.put("stdout", "S3cretPW and BecPW123");
        values.put("rc", 0);
        values.put("nested", Map.of("pin", 12345678L, "S3cretPW", "as a key"));
        values.put("none", null);
        List<Event> events = List.of(
                new Event.RunStarted(Instant.EPOCH, "/srv/S3cretPW/site.yml", false, true),
                new Event.PlayStarted("play S3cretPW", "all", List.of("kvm1", "S3cretPW")),
                new Event.TaskStarted("log in with S3cretPW", "command", new SourceLocation("S3cretPW.yml", 1, 1),
                        false),
                new Event.HostResult("kvm1", "echo S3cretPW", AT, Status.CHANGED, "item-S3cretPW", "said S3cretPW",
                        List.of(Change.of("write S3cretPW", new Diff("/etc/a", "old", "pw=S3cretPW"))),
                        List.of(new Diff("/etc/a", "pw=BecPW123", "pw=S3cretPW")), values, false, Duration.ZERO),
                new Event.HostOutput("kvm1", "echo", false, "S3cretPW"),
                new Event.HostCommand("kvm1", "echo", "echo S3cretPW"),
                new Event.Warning("kvm1", "BecPW123 is weak"),
                new Event.Recap(Map.of("S3cretPW", HostStats.ZERO)),
                new Event.RunFinished(0, Duration.ZERO, false));
        List<Event> seen = new ArrayList<>();
        EventListener listener = MASK.around(seen::add);
        events.forEach(listener::on);
        assertEquals(events.size(), seen.size());
        for (Event e : seen) {
            String text = e.toString();
            assertFalse(text.contains("S3cretPW") || text.contains("BecPW123") || text.contains("12345678"), text);
        }
        Event.HostResult r = (Event.HostResult) seen.get(3);
        assertEquals("said ********", r.message());
        assertEquals("item-********", r.item());
        assertEquals("pw=********", r.diffs().get(0).after());
        assertEquals("write ********", r.changes().get(0).summary());
        assertEquals(List.of("echo", "********"), r.values().get("cmd"));
        assertEquals(Map.of("pin", "********", "********", "as a key"), r.values().get("nested"));
        assertEquals(true, r.values().get("changed"), "other values keep their type");
        assertEquals(0, r.values().get("rc"));
        assertTrue(r.values().containsKey("none"));
        assertEquals(List.of("changed", "cmd", "stdout", "rc", "nested", "none"), List.copyOf(r.values().keySet()),
                "order kept");
        assertEquals("echo ********", ((Event.HostCommand) seen.get(5)).command());
        assertEquals(AT, r.location());
        assertEquals(Duration.ZERO, r.duration());
    }

    @Test
    void eventsWithoutSecretsPassUnchanged() {
        Event.HostResult r = result("all fine", Map.of("stdout", "hello", "rc", 0, "lines", List.of("a", "b")));
        assertSame(r, MASK.event(r));
        Event.Recap recap = new Event.Recap(Map.of("kvm1", new HostStats(1, 2, 3, 4, 5, 6, 7)));
        assertSame(recap, MASK.event(recap), "numbers in records stay numbers");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("first", "plain");
        values.put("second", "BecPW123");
        values.put("third", Set.of("x"));
        Event.HostResult masked = (Event.HostResult) MASK.event(result(null, values));
        assertEquals(Map.of("first", "plain", "second", "********", "third", Set.of("x")), masked.values());
        assertSame(values.get("third"), masked.values().get("third"), "only what holds a secret is copied");
    }

    @Test
    void noSecretsMeansNoMaskingStep() {
        EventListener listener = e -> { };
        assertSame(listener, SecretMask.of(List.of()).around(listener));
        assertSame(listener, SecretMask.of(Arrays.asList("", null)).around(listener), "empty secrets hide nothing");
        assertTrue(SecretMask.of(List.of("")).isEmpty());
    }

    @Test
    void shortSecretsAreMaskedOnlyAsWholeStrings() {
        SecretMask shortOnes = SecretMask.of(List.of("ab", "7"));
        assertEquals("********", shortOnes.text("ab"));
        assertEquals("a cab on a slab", shortOnes.text("a cab on a slab"), "not inside other words");
        Event.HostResult r = (Event.HostResult) shortOnes.event(result("ab", Map.of("pin", 7, "n", 17)));
        assertEquals("********", r.message());
        assertEquals(Map.of("pin", "********", "n", 17), r.values());
        assertEquals("x ******** y", SecretMask.of(List.of("abc")).text("x abc y"), "three characters: everywhere");
    }

    @Test
    void aSecretInsideAnotherIsMaskedWhole() {
        SecretMask nested = SecretMask.of(List.of("pass", "password123"));
        assertEquals("******** and ********", nested.text("password123 and pass"));
    }
}
