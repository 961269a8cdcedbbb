package dev.kvmforge.checks.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kvmforge.checks.HostReport;
import dev.kvmforge.checks.VerificationResult;
import dev.kvmforge.checks.model.CheckResult;
import dev.kvmforge.runner.yaml.Yaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON report for tools: the run's times and totals, then per host (in inventory order) its connection, whether it
 * could be checked, and per check its id, title, group, severity, outcome, message, hint and whether it was waived.
 *
 * <pre>
 * {"started": "...", "finished": "...", "summary": {"passed": 12, "failed": 1, ...},
 *  "hosts": [{"host": "kvm1", "connection": "ssh ...", "unreachable": false, "problem": "",
 *             "checks": [{"id": "HV-DEV-KVM", "title": "/dev/kvm exists", "group": "hypervisor",
 *                         "severity": "critical", "outcome": "PASS", "message": "...", "hint": "", "waived": false}]}]}
 * </pre>
 */
public final class JsonReport extends FileReport {

    /** A report written to {@code file} (replacing it) when the run is over. */
    public JsonReport(Path file) {
        super(file);
    }

    @Override
    protected String render(VerificationResult result) {
        RunTotals t = RunTotals.of(result);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("passed", t.passed());
        summary.put("failed", t.failed());
        summary.put("warned", t.warned());
        summary.put("skipped", t.skipped());
        summary.put("errors", t.errors());
        summary.put("waived", t.waived());
        summary.put("unreachable_hosts", t.unreachable());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("started", result.started().toString());
        root.put("finished", result.finished().toString());
        root.put("summary", summary);
        List<Object> hosts = new ArrayList<>();
        for (HostReport h : result.hosts()) {
            Map<String, Object> host = new LinkedHashMap<>();
            host.put("host", h.host());
            host.put("connection", h.connection());
            host.put("unreachable", h.unreachable());
            host.put("problem", h.problem());
            List<Object> checks = new ArrayList<>();
            for (CheckResult r : h.results()) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("id", r.checkId());
                c.put("title", r.title());
                c.put("group", r.group());
                c.put("severity", r.severity().toString());
                c.put("outcome", r.outcome().name());
                c.put("message", r.message());
                c.put("hint", r.hint());
                c.put("waived", r.waived());
                checks.add(c);
            }
            host.put("checks", checks);
            hosts.add(host);
        }
        root.put("hosts", hosts);
        root.put("run_problems", result.runProblems());
        try {
            return Yaml.binder().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
