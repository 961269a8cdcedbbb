package dev.kvmforge.checks.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kvmforge.checks.HostReport;
import dev.kvmforge.checks.VerificationResult;
import dev.kvmforge.checks.model.CheckResult;
import dev.kvmforge.checks.model.Outcome;
import dev.kvmforge.checks.model.Severity;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.yaml.Yaml;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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

    /** Whether {@code file} is a report this class wrote: a JSON object with {@code summary} and {@code hosts}. */
    public static boolean isReport(Path file) {
        try {
            JsonNode root = Yaml.binder().readTree(file.toFile());
            return root != null && root.has("summary") && root.has("hosts");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The result that a report written by this class holds, read back.
     *
     * @throws KvmforgeException {@code PARSE} naming the file when it is not such a report
     */
    public static VerificationResult read(Path file) {
        JsonNode root;
        try {
            root = Yaml.binder().readTree(file.toFile());
        } catch (IOException e) {
            throw new KvmforgeException(ErrorKind.PARSE, "cannot read the verify report: " + e.getMessage(),
                    file.toString(), "give the files that kvmforge verify --json wrote");
        }
        if (root == null || !root.path("hosts").isArray() || !root.has("started")) {
            throw new KvmforgeException(ErrorKind.PARSE, "not a verify report (no started and hosts)",
                    file.toString(), "give the files that kvmforge verify --json wrote");
        }
        try {
            List<HostReport> hosts = new ArrayList<>();
            for (JsonNode h : root.path("hosts")) {
                String name = h.path("host").asText();
                List<CheckResult> results = new ArrayList<>();
                Map<String, Duration> durations = new LinkedHashMap<>();
                for (JsonNode c : h.path("checks")) {
                    CheckResult r = new CheckResult(name, c.path("id").asText(), c.path("title").asText(),
                            c.path("group").asText(), Severity.parse(c.path("severity").asText()),
                            Outcome.valueOf(c.path("outcome").asText()), c.path("message").asText(),
                            c.path("hint").asText(), c.path("waived").asBoolean());
                    results.add(r);
                    durations.put(r.checkId(), duration(c.path("seconds")));
                }
                hosts.add(new HostReport(name, h.path("connection").asText(), results, durations,
                        duration(h.path("probe_seconds")), h.path("problem").asText()));
            }
            List<String> problems = new ArrayList<>();
            root.path("run_problems").forEach(p -> problems.add(p.asText()));
            List<String> order = new ArrayList<>();
            root.path("inventory_hosts").forEach(p -> order.add(p.asText()));
            return new VerificationResult(hosts, problems, Instant.parse(root.path("started").asText()),
                    Instant.parse(root.path("finished").asText()),
                    root.hasNonNull("slice") ? root.get("slice").asText() : null, order);
        } catch (IllegalArgumentException | DateTimeParseException | KvmforgeException e) {
            throw new KvmforgeException(ErrorKind.PARSE, "not a verify report: " + e.getMessage(), file.toString(),
                    "give the files that kvmforge verify --json wrote, unchanged");
        }
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static Duration duration(JsonNode seconds) {
        return Duration.ofNanos(Math.round(seconds.asDouble() * 1e9));
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
        if (result.slice() != null) {
            root.put("slice", result.slice());
            root.put("inventory_hosts", result.inventoryHosts());
        }
        List<Object> hosts = new ArrayList<>();
        for (HostReport h : result.hosts()) {
            Map<String, Object> host = new LinkedHashMap<>();
            host.put("host", h.host());
            host.put("connection", h.connection());
            host.put("unreachable", h.unreachable());
            host.put("problem", h.problem());
            host.put("probe_seconds", seconds(h.probeTime()));
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
                c.put("seconds", seconds(h.duration(r)));
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
