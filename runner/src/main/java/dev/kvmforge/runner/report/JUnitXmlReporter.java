package dev.kvmforge.runner.report;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.EventListener;
import dev.kvmforge.runner.event.Status;
import dev.kvmforge.runner.modules.Change;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLStreamException;

/**
 * Writes a JUnit XML report when the run ends, for CI servers and Surefire report tools: a {@code <testsuite>} per
 * play (per batch under {@code serial}), and in it a {@code <testcase classname="PLAY.HOST" name="TASK">} per task
 * and host; a name met again in its suite (or a suite's in the report) gets {@code (2)}, {@code (3)}... Loop items are
 * folded into their task. A failed task is a {@code <failure>}, an unreachable host an {@code <error>}, a skipped task
 * {@code <skipped/>}; ok and changed pass (as Ansible's junit callback; an ignored failure passes too, noted in
 * {@code <system-out>}). Times are in seconds. Written with the one {@link XmlWriter}, so every text is escaped and rid of control characters.
 */
public final class JUnitXmlReporter implements EventListener {

    private record TestCase(String classname, String name, Status status, boolean ignored, String message,
                            List<String> details, Duration time) {
    }

    private static final class Suite {
        final String name;
        final Instant started;
        final List<TestCase> cases = new ArrayList<>();

        Suite(String name, Instant started) {
            this.name = name;
            this.started = started;
        }

        long count(Status s) {
            return cases.stream().filter(c -> c.status == s && !c.ignored).count();
        }

        double seconds() {
            return cases.stream().mapToLong(c -> c.time.toNanos()).sum() / 1e9;
        }
    }

    private final Path file;
    private final List<Suite> suites = new ArrayList<>();
    private final Map<String, List<String>> itemDetails = new HashMap<>();
    private String playbook = "kvmforge";
    private boolean written;

    /** A reporter that writes to {@code file} (replacing it) at the end of the run. */
    public JUnitXmlReporter(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void on(Event event) {
        if (event instanceof Event.RunStarted e) {
            playbook = e.playbook();
        } else if (event instanceof Event.PlayStarted e) {
            suites.add(new Suite(unique(e.name(), suites.stream().map(s -> s.name).toList()), Instant.now()));
        } else if (event instanceof Event.HostResult e) {
            result(e);
        }
    }

    private void result(Event.HostResult e) {
        if (suites.isEmpty()) {
            suites.add(new Suite(playbook, Instant.now()));
        }
        Suite suite = suites.get(suites.size() - 1);
        String key = e.host() + "\u0000" + e.task() + "\u0000" + e.location();
        if (e.item() != null) {
            List<String> lines = itemDetails.computeIfAbsent(key, k -> new ArrayList<>());
            String about = e.message() == null ? "" : ": " + e.message();
            lines.add(e.status().word() + ": (item=" + e.item() + ")" + about);
            return;
        }
        List<String> details = new ArrayList<>(itemDetails.getOrDefault(key, List.of()));
        itemDetails.remove(key);
        for (Change c : e.changes()) {
            details.add("changed: " + c.summary());
        }
        String classname = suite.name + "." + e.host();
        String name = unique(e.task(), suite.cases.stream().filter(c -> c.classname.equals(classname))
                .map(TestCase::name).toList());
        suite.cases.add(new TestCase(classname, name, e.status(), e.ignored(), e.message(), details,
                e.duration() == null ? Duration.ZERO : e.duration()));
    }

    /**
     * {@code name}, or {@code name (2)}, {@code name (3)}... when {@code taken} has it: report tools merge test cases
     * (and suites) of one name, so two unnamed {@code command} tasks, or a play's serial batches, would be counted once.
     */
    private static String unique(String name, List<String> taken) {
        String candidate = name;
        for (int i = 2; taken.contains(candidate); i++) {
            candidate = name + " (" + i + ")";
        }
        return candidate;
    }

    /** Writes the report (once; later calls do nothing). */
    @Override
    public synchronized void close() {
        if (written) {
            return;
        }
        written = true;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream stream = Files.newOutputStream(file)) {
                write(XmlWriter.to(stream));
            }
        } catch (IOException | XMLStreamException e) {
            throw new KvmforgeException(ErrorKind.GENERAL, "cannot write the JUnit XML report: " + e.getMessage(),
                    file.toString(), "check that the folder exists and is writable", e);
        }
    }

    private void write(XmlWriter xml) throws XMLStreamException {
        xml.startDocument();
        xml.text("\n");
        xml.start("testsuites");
        xml.attribute("name", playbook);
        xml.attribute("tests", String.valueOf(suites.stream().mapToLong(s -> s.cases.size()).sum()));
        xml.attribute("failures", String.valueOf(suites.stream().mapToLong(s -> s.count(Status.FAILED)).sum()));
        xml.attribute("errors", String.valueOf(
                suites.stream().mapToLong(s -> s.count(Status.UNREACHABLE)).sum()));
        xml.attribute("skipped", String.valueOf(suites.stream().mapToLong(s -> s.count(Status.SKIPPED)).sum()));
        xml.attribute("time", seconds(suites.stream().mapToDouble(Suite::seconds).sum()));
        for (Suite s : suites) {
            xml.text("\n  ");
            xml.start("testsuite");
            xml.attribute("name", s.name);
            xml.attribute("tests", String.valueOf(s.cases.size()));
            xml.attribute("failures", String.valueOf(s.count(Status.FAILED)));
            xml.attribute("errors", String.valueOf(s.count(Status.UNREACHABLE)));
            xml.attribute("skipped", String.valueOf(s.count(Status.SKIPPED)));
            xml.attribute("time", seconds(s.seconds()));
            xml.attribute("timestamp", LocalDateTime.ofInstant(s.started.truncatedTo(ChronoUnit.SECONDS),
                    ZoneOffset.UTC).toString());
            for (TestCase c : s.cases) {
                testCase(xml, c);
            }
            xml.text("\n  ");
            xml.end();
        }
        xml.text("\n");
        xml.end();
        xml.text("\n");
        xml.endDocument();
    }

    private static void testCase(XmlWriter xml, TestCase c) throws XMLStreamException {
        xml.text("\n    ");
        xml.start("testcase");
        xml.attribute("classname", c.classname);
        xml.attribute("name", c.name);
        xml.attribute("time", seconds(c.time.toNanos() / 1e9));
        String message = c.message == null || c.message.isBlank() ? c.status.word() : c.message;
        List<String> out = new ArrayList<>();
        if (c.ignored) {
            out.add("ignored failure: " + message);
        } else if (c.status == Status.FAILED || c.status == Status.UNREACHABLE) {
            xml.text("\n      ");
            xml.start(c.status == Status.FAILED ? "failure" : "error");
            xml.attribute("message", message.lines().findFirst().orElse(message));
            xml.attribute("type", c.status.word());
            StringBuilder body = new StringBuilder(message);
            c.details.forEach(d -> body.append('\n').append(d));
            xml.text(body.toString());
            xml.end();
        } else if (c.status == Status.SKIPPED) {
            xml.text("\n      ");
            xml.empty("skipped");
        }
        if (!(c.status == Status.FAILED && !c.ignored) && c.status != Status.UNREACHABLE) {
            out.addAll(c.details);
        }
        if (!out.isEmpty()) {
            xml.text("\n      ");
            xml.start("system-out");
            xml.text(String.join("\n", out));
            xml.end();
        }
        xml.text("\n    ");
        xml.end();
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
