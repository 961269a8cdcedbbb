package dev.kvmforge.checks.report;

import dev.kvmforge.checks.HostReport;
import dev.kvmforge.checks.VerificationResult;
import dev.kvmforge.checks.model.CheckResult;
import dev.kvmforge.checks.model.Outcome;
import dev.kvmforge.runner.report.XmlWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLStreamException;

/**
 * A JUnit XML report, as Surefire writes it and CI servers read it: {@code <testsuites>} with a {@code <testsuite>}
 * per host, and in it a {@code <testcase classname="HOST.GROUP" name="ID: title">} per check. FAIL is a
 * {@code <failure>}, ERROR an {@code <error>} (an unreachable host's checks too), SKIP {@code <skipped/>}; their
 * message names the check, its severity and hint. WARN and waived checks pass, with their message in
 * {@code <system-out>}. Times in seconds. Written with the runner's {@link XmlWriter}, so every text is escaped and rid of control characters.
 */
public final class JUnitXmlReport extends FileReport {

    /** A report written to {@code file} (replacing it) when the run is over. */
    public JUnitXmlReport(Path file) {
        super(file);
    }

    @Override
    protected String render(VerificationResult result) {
        StringWriter text = new StringWriter();
        try {
            XmlWriter x = XmlWriter.to(text);
            x.startDocument();
            x.text("\n");
            x.start("testsuites");
            x.attribute("name", "kvmforge verify");
            writeCounts(x, result.results());
            x.attribute("time", seconds(Duration.between(result.started(), result.finished())));
            x.text("\n");
            for (HostReport h : result.hosts()) {
                suite(x, h, result);
            }
            x.end();
            x.text("\n");
            x.endDocument();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML: " + e.getMessage(), e);
        }
        return text.toString();
    }

    private static void suite(XmlWriter x, HostReport h, VerificationResult run) throws XMLStreamException {
        x.text("  ");
        x.start("testsuite");
        x.attribute("name", h.host());
        writeCounts(x, h.results());
        Duration total = h.results().stream().map(h::duration).reduce(h.probeTime(), Duration::plus);
        x.attribute("time", seconds(total));
        x.attribute("timestamp", DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                run.started().atOffset(ZoneOffset.UTC).toLocalDateTime().truncatedTo(ChronoUnit.SECONDS)));
        x.attribute("hostname", h.host());
        x.text("\n    ");
        x.start("properties");
        property(x, "kvmforge.host", h.host());
        if (!h.connection().isEmpty()) {
            property(x, "kvmforge.connection", h.connection());
        }
        if (h.unreachable()) {
            property(x, "kvmforge.unreachable", h.problem());
        }
        x.end();
        x.text("\n");
        for (CheckResult r : h.results()) {
            testcase(x, h, r);
        }
        x.text("  ");
        x.end();
        x.text("\n");
    }

    private static void property(XmlWriter x, String name, String value) throws XMLStreamException {
        x.empty("property");
        x.attribute("name", name);
        x.attribute("value", value);
    }

    private static void testcase(XmlWriter x, HostReport h, CheckResult r) throws XMLStreamException {
        x.text("    ");
        x.start("testcase");
        x.attribute("classname", r.host() + "." + (r.group().isEmpty() ? "checks" : r.group()));
        x.attribute("name", r.displayName());
        x.attribute("time", seconds(h.duration(r)));
        switch (r.outcome()) {
            case FAIL, ERROR -> {
                x.start(r.outcome() == Outcome.FAIL ? "failure" : "error");
                x.attribute("message", r.checkId() + " [" + r.severity() + "]: " + r.message()
                        + (r.hint().isBlank() ? "" : " (hint: " + r.hint() + ")"));
                x.attribute("type", r.outcome().name());
                x.text(r.checkId() + " [" + r.severity() + "] on " + r.host() + ": " + r.message()
                        + (r.hint().isBlank() ? "" : "\nhint: " + r.hint()));
                x.end();
            }
            case SKIP -> {
                x.empty("skipped");
                x.attribute("message", r.message());
            }
            case PASS, WARN -> {
                if (r.outcome() == Outcome.WARN || r.waived()) {
                    x.start("system-out");
                    x.text((r.waived() ? "WAIVED" : "WARN") + ": " + r.message()
                            + (r.hint().isBlank() || r.waived() ? "" : "\nhint: " + r.hint()));
                    x.end();
                }
            }
        }
        x.end();
        x.text("\n");
    }

    private static void writeCounts(XmlWriter x, List<CheckResult> results) throws XMLStreamException {
        x.attribute("tests", String.valueOf(results.size()));
        x.attribute("failures", String.valueOf(count(results, Outcome.FAIL)));
        x.attribute("errors", String.valueOf(count(results, Outcome.ERROR)));
        x.attribute("skipped", String.valueOf(count(results, Outcome.SKIP)));
    }

    private static long count(List<CheckResult> results, Outcome o) {
        return results.stream().filter(r -> r.outcome() == o).count();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }
}
