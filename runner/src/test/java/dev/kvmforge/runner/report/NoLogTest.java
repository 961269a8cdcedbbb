package dev.kvmforge.runner.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.EventListener;
import dev.kvmforge.runner.event.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reporters print what the events hold and nothing more: a no_log result, censored by the executor, stays censored
 * in every report, and an ordinary failure message prints as it is.
 */
class NoLogTest {

    static final String CENSORED =
            "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

    @TempDir
    Path dir;

    private static void feed(EventListener l) {
        l.on(new Event.PlayStarted("users", "all", List.of("web1")));
        l.on(new Event.TaskStarted("set password", "command", SampleRun.INSTALL, false));
        l.on(new Event.HostResult("web1", "set password", SampleRun.INSTALL, Status.FAILED, "(censored)", CENSORED,
                List.of(), List.of(), Map.of("censored", CENSORED), false, Duration.ZERO));
        l.on(new Event.HostResult("web1", "set password", SampleRun.INSTALL, Status.FAILED, null, CENSORED,
                List.of(), List.of(), Map.of("censored", CENSORED), false, Duration.ZERO));
        l.on(SampleRun.result("web1", "check user", SampleRun.CHECK, Status.FAILED, null,
                "user 'kvm' has no home directory", Map.of()));
        l.close();
    }

    @Test
    void everyReporterPrintsNoLogResultsCensored() throws Exception {
        StringWriter console = new StringWriter();
        feed(new ConsoleReporter(new PrintWriter(console), 4, ConsoleMode.PLAIN));
        Path json = dir.resolve("r.jsonl");
        feed(new JsonLinesReporter(json));
        Path xml = dir.resolve("r.xml");
        feed(new JUnitXmlReporter(xml));
        for (String out : List.of(console.toString(), Files.readString(json), Files.readString(xml))) {
            assertTrue(out.contains(CENSORED), out);
            assertTrue(out.contains("(censored)"), "the loop item is censored too: " + out);
            assertTrue(out.contains("has no home directory"), out);
        }
    }
}
