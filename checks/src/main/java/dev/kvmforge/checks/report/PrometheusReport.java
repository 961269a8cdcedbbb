package dev.kvmforge.checks.report;

import dev.kvmforge.checks.HostReport;
import dev.kvmforge.checks.VerificationResult;
import dev.kvmforge.checks.model.CheckResult;
import dev.kvmforge.checks.model.Outcome;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Metrics for node_exporter's textfile collector (its {@code --collector.textfile.directory}, a file ending in
 * {@code .prom}), written whole and then renamed into place as the collector requires:
 *
 * <pre>
 * kvmforge_check_pass{host="kvm1",id="HV-DEV-KVM",severity="critical"} 1
 * kvmforge_check_waived{host="kvm1",id="LV-TCP-NOAUTH",severity="critical"} 1
 * kvmforge_checks{outcome="passed"} 12
 * kvmforge_hosts_unreachable 0
 * kvmforge_verify_last_run_timestamp_seconds 1.7634e+09
 * </pre>
 *
 * <p>{@code kvmforge_check_pass} is 1 for PASS (waived ones included) and WARN, 0 for FAIL and ERROR; skipped checks
 * are left out, as they do not apply to the host.
 */
public final class PrometheusReport extends FileReport {

    /** A report written to {@code file} (replacing it) when the run is over. */
    public PrometheusReport(Path file) {
        super(file);
    }

    @Override
    protected String render(VerificationResult result) {
        StringBuilder s = new StringBuilder();
        help(s, "kvmforge_check_pass", "1 when the check passed (or warned, or its failure is waived) on the host, 0"
                + " when it failed or could not decide; skipped checks are left out.");
        for (HostReport h : result.hosts()) {
            for (CheckResult r : h.results()) {
                if (r.outcome() != Outcome.SKIP) {
                    boolean pass = r.outcome() == Outcome.PASS || r.outcome() == Outcome.WARN;
                    s.append("kvmforge_check_pass").append(labels(r)).append(pass ? " 1" : " 0").append('\n');
                }
            }
        }
        help(s, "kvmforge_check_waived", "1 for a check whose failure on the host is waived.");
        result.results().stream().filter(CheckResult::waived)
                .forEach(r -> s.append("kvmforge_check_waived").append(labels(r)).append(" 1\n"));
        RunTotals t = RunTotals.of(result);
        help(s, "kvmforge_checks", "Checks of the last verification run by outcome.");
        total(s, "passed", t.passed());
        total(s, "failed", t.failed());
        total(s, "warned", t.warned());
        total(s, "skipped", t.skipped());
        total(s, "errors", t.errors());
        total(s, "waived", t.waived());
        help(s, "kvmforge_hosts_unreachable", "Hosts the last verification run could not check.");
        s.append("kvmforge_hosts_unreachable ").append(t.unreachable()).append('\n');
        help(s, "kvmforge_verify_last_run_timestamp_seconds", "When the last verification run finished, in seconds"
                + " since the epoch.");
        s.append("kvmforge_verify_last_run_timestamp_seconds ")
                .append(String.format(Locale.ROOT, "%.3f", result.finished().toEpochMilli() / 1000.0)).append('\n');
        return s.toString();
    }

    private static void help(StringBuilder s, String name, String text) {
        s.append("# HELP ").append(name).append(' ').append(text).append('\n');
        s.append("# TYPE ").append(name).append(" gauge\n");
    }

    private static void total(StringBuilder s, String outcome, int n) {
        s.append("kvmforge_checks{outcome=\"").append(outcome).append("\"} ").append(n).append('\n');
    }

    private static String labels(CheckResult r) {
        return "{host=\"" + escape(r.host()) + "\",id=\"" + escape(r.checkId()) + "\",severity=\""
                + r.severity() + "\"}";
    }

    /** A label value as the text format wants it: backslash, double quote and newline escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
