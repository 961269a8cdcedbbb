package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.connection.Shell;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code command} and {@code shell} on the local host: what they register, in Ansible's formats. */
class CommandModuleTest {

    @Test
    void startEndAndDeltaAreWrittenAsAnsibleWritesThem() {
        Map<String, Object> v = TaskRun.run(new ShellModule(), Map.of("cmd", "sleep 0.2")).result().values();
        String stamp = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6}";
        assertTrue(((String) v.get("start")).matches(stamp), v.toString());
        assertTrue(((String) v.get("end")).matches(stamp), v.toString());
        assertTrue(((String) v.get("delta")).matches("0:00:00\\.[2-9]\\d{5}"), v.toString());
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
        Duration between = Duration.between(LocalDateTime.parse((String) v.get("start"), f),
                LocalDateTime.parse((String) v.get("end"), f));
        assertEquals(v.get("delta"), CommandModule.delta(between), "delta is end minus start");
    }

    @Test
    void deltaIsPythonsTimedelta() {
        assertEquals("0:00:00.188000", CommandModule.delta(Duration.ofMillis(188)));
        assertEquals("0:01:05", CommandModule.delta(Duration.ofSeconds(65)));
        assertEquals("1 day, 2:03:04.000005", CommandModule.delta(Duration.parse("P1DT2H3M4.000005S")));
        assertEquals("3 days, 0:00:00", CommandModule.delta(Duration.ofDays(3)));
        assertEquals("2026-11-24 03:17:48.123456", CommandModule.timestamp(
                LocalDateTime.of(2026, 11, 24, 3, 17, 48, 123_456_000).atZone(ZoneId.systemDefault()).toInstant()));
        assertEquals("0:00:00", CommandModule.delta(Duration.between(Instant.EPOCH, Instant.EPOCH.minusMillis(1))));
    }

    @Test
    void theFirstWordIsAlwaysTheProgramNeverAnAssignment() {
        ModuleResult r = TaskRun.run(new CommandModule(), Map.of("cmd", "cmd=ls")).result();
        assertTrue(r.failed(), "a program called cmd=ls, as Ansible runs it: " + r.values());
        assertEquals(127, r.values().get("rc"));
        assertEquals("'A=1' env", Shell.command(List.of("A=1", "env")));
        assertEquals("'if' true", Shell.command(List.of("if", "true")));
        assertEquals("echo A=1 if", Shell.command(List.of("echo", "A=1", "if")), "later words are plain arguments");
    }
}
