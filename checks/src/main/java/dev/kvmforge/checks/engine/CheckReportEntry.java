package dev.kvmforge.checks.engine;

import dev.kvmforge.checks.model.CheckResult;
import dev.kvmforge.checks.model.Outcome;
import dev.kvmforge.checks.model.Severity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.reporting.ReportEntry;

/**
 * The report entry each executed check publishes, so that reporters get the check's own words and not just
 * passed/failed: keys {@value #HOST}, {@value #CHECK}, {@value #TITLE}, {@value #GROUP}, {@value #SEVERITY},
 * {@value #OUTCOME}, {@value #MESSAGE}, {@value #WAIVED} and, when there is one, {@value #HINT}.
 */
public final class CheckReportEntry {

    public static final String HOST = "kvmforge.host";
    public static final String CHECK = "kvmforge.check";
    public static final String TITLE = "kvmforge.title";
    public static final String GROUP = "kvmforge.group";
    public static final String WAIVED = "kvmforge.waived";
    public static final String SEVERITY = "kvmforge.severity";
    public static final String OUTCOME = "kvmforge.outcome";
    public static final String MESSAGE = "kvmforge.message";
    public static final String HINT = "kvmforge.hint";

    private CheckReportEntry() {
    }

    /** The entry for one result. */
    public static ReportEntry of(CheckResult r) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(HOST, r.host());
        m.put(CHECK, r.checkId());
        if (!r.title().isBlank()) {
            m.put(TITLE, r.title());
        }
        if (!r.group().isBlank()) {
            m.put(GROUP, r.group());
        }
        m.put(SEVERITY, String.valueOf(r.severity()));
        m.put(OUTCOME, r.outcome().name());
        m.put(MESSAGE, r.message().isBlank() ? "-" : r.message());
        m.put(WAIVED, String.valueOf(r.waived()));
        if (!r.hint().isBlank()) {
            m.put(HINT, r.hint());
        }
        return ReportEntry.from(m);
    }

    /** The result an entry carries; empty for entries that are not check outcomes. */
    public static Optional<CheckResult> read(ReportEntry entry) {
        Map<String, String> m = entry.getKeyValuePairs();
        if (!m.containsKey(CHECK) || !m.containsKey(OUTCOME)) {
            return Optional.empty();
        }
        return Optional.of(new CheckResult(m.getOrDefault(HOST, ""), m.get(CHECK), m.getOrDefault(TITLE, ""),
                m.getOrDefault(GROUP, ""), Severity.parse(m.getOrDefault(SEVERITY, "info")),
                Outcome.parse(m.get(OUTCOME)), m.getOrDefault(MESSAGE, ""), m.getOrDefault(HINT, ""),
                Boolean.parseBoolean(m.getOrDefault(WAIVED, "false"))));
    }
}
