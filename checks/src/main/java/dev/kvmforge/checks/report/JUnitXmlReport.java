package dev.kvmforge.checks.report;

import dev.kvmforge.checks.HostReport;
import dev.kvmforge.checks.VerificationResult;
import dev.kvmforge.checks.model.CheckResult;
import dev.kvmforge.checks.model.Outcome;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A JUnit XML report, as Surefire writes it and CI servers read it: {@code <testsuites>} with a {@code <testsuite>}
 * per host, and in it a {@code <testcase classname="HOST.GROUP" name="ID: title">} per check. FAIL is a
 * {@code <failure>}, ERROR an {@code <error>} (an unreachable host's checks too), SKIP {@code <skipped/>}; their
 * message names the check, its severity and hint. WARN and waived checks pass, with their message in
 * {@code <system-out>}. Times in seconds. Written with StAX, so every text is escaped.
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
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "kvmforge verify");
            writeCounts(x, result.results());
            x.writeAttribute("time", seconds(Duration.between(result.started(), result.finished())));
            x.writeCharacters("\n");
            for (HostReport h : result.hosts()) {
                suite(x, h, result);
            }
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML: " + e.getMessage(), e);
        }
        return text.toString();
    }

    private static void suite(XMLStreamWriter x, HostReport h, VerificationResult run) throws XMLStreamException {
        x.writeCharacters("  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", h.host());
        writeCounts(x, h.results());
        Duration total = h.results().stream().map(h::duration).reduce(h.probeTime(), Duration::plus);
        x.writeAttribute("time", seconds(total));
        x.writeAttribute("timestamp", DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                run.started().atOffset(ZoneOffset.UTC).toLocalDateTime().truncatedTo(ChronoUnit.SECONDS)));
        x.writeAttribute("hostname", h.host());
        x.writeCharacters("\n    ");
        x.writeStartElement("properties");
        property(x, "kvmforge.host", h.host());
        if (!h.connection().isEmpty()) {
            property(x, "kvmforge.connection", h.connection());
        }
        if (h.unreachable()) {
            property(x, "kvmforge.unreachable", h.problem());
        }
        x.writeEndElement();
        x.writeCharacters("\n");
        for (CheckResult r : h.results()) {
            testcase(x, h, r);
        }
        x.writeCharacters("  ");
        x.writeEndElement();
        x.writeCharacters("\n");
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeEmptyElement("property");
        x.writeAttribute("name", name);
        x.writeAttribute("value", value);
    }

    private static void testcase(XMLStreamWriter x, HostReport h, CheckResult r) throws XMLStreamException {
        x.writeCharacters("    ");
        x.writeStartElement("testcase");
        x.writeAttribute("classname", r.host() + "." + (r.group().isEmpty() ? "checks" : r.group()));
        x.writeAttribute("name", r.displayName());
        x.writeAttribute("time", seconds(h.duration(r)));
        switch (r.outcome()) {
            case FAIL, ERROR -> {
                x.writeStartElement(r.outcome() == Outcome.FAIL ? "failure" : "error");
                x.writeAttribute("message", r.checkId() + " [" + r.severity() + "]: " + r.message()
                        + (r.hint().isBlank() ? "" : " (hint: " + r.hint() + ")"));
                x.writeAttribute("type", r.outcome().name());
                x.writeCharacters(r.checkId() + " [" + r.severity() + "] on " + r.host() + ": " + r.message()
                        + (r.hint().isBlank() ? "" : "\nhint: " + r.hint()));
                x.writeEndElement();
            }
            case SKIP -> {
                x.writeEmptyElement("skipped");
                x.writeAttribute("message", r.message());
            }
            case PASS, WARN -> {
                if (r.outcome() == Outcome.WARN || r.waived()) {
                    x.writeStartElement("system-out");
                    x.writeCharacters((r.waived() ? "WAIVED" : "WARN") + ": " + r.message()
                            + (r.hint().isBlank() || r.waived() ? "" : "\nhint: " + r.hint()));
                    x.writeEndElement();
                }
            }
        }
        x.writeEndElement();
        x.writeCharacters("\n");
    }

    private static void writeCounts(XMLStreamWriter x, List<CheckResult> results) throws XMLStreamException {
        x.writeAttribute("tests", String.valueOf(results.size()));
        x.writeAttribute("failures", String.valueOf(count(results, Outcome.FAIL)));
        x.writeAttribute("errors", String.valueOf(count(results, Outcome.ERROR)));
        x.writeAttribute("skipped", String.valueOf(count(results, Outcome.SKIP)));
    }

    private static long count(List<CheckResult> results, Outcome o) {
        return results.stream().filter(r -> r.outcome() == o).count();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }
}
