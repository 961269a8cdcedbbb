package dev.kvmforge.cli;

import dev.kvmforge.checks.VerificationResult;
import dev.kvmforge.checks.model.Severity;
import dev.kvmforge.checks.report.JsonReport;
import dev.kvmforge.checks.report.ReportSet;
import dev.kvmforge.checks.report.SlicedVerification;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.EventListener;
import dev.kvmforge.runner.report.ConsoleReporter;
import dev.kvmforge.runner.report.EventLog;
import dev.kvmforge.runner.report.JUnitXmlReporter;
import dev.kvmforge.runner.report.JsonLinesReporter;
import dev.kvmforge.runner.report.SlicedRun;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kvmforge report merge}: the reports of a run's slices as one run's. */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Works on the reports that runs wrote: 'report merge' joins a run's slices.")
final class ReportCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code report merge}: the slices' {@code --json} reports of {@code run --slice I/N} (JSON lines) or of
     * {@code verify --slice I/N} (JSON) joined into the reports and the recap one run over all the hosts would have
     * written, with its exit code.
     */
    @Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Joins the --json reports of a run's slices (run or verify with --slice I/N, one per slice)"
                    + " into one run's: prints its recap (run) or its results (verify), writes the reports asked for,"
                    + " and exits with the code one run over all the hosts would have had.",
                "Every slice's report is needed, each once."},
            footer = {"", "Examples:",
                "  kvmforge report merge slice-*.jsonl --junit-xml site.xml --json site.jsonl",
                "  kvmforge report merge verify-*.json --fail-on high --junit-xml verify.xml",
                "", "Exit codes: those of the run merged (run: 0, 2 a host failed, 3 unreachable, 99 interrupted;"
                    + " verify: 0, 2 a check failed at or above --fail-on, 3 a host could not be checked), 4 a report"
                    + " that cannot be read, 5 slices missing or not of one run."})
    static final class Merge implements Callable<Integer>, Verbose {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "REPORT", arity = "1..*",
                description = "Each slice's --json report: JSON lines of kvmforge run, or JSON of kvmforge verify.")
        List<Path> reports = new ArrayList<>();

        @Option(names = "--json", paramLabel = "FILE",
                description = "Write the merged report as one run would have: JSON lines (run) or JSON (verify).")
        Path json;

        @Option(names = "--junit-xml", paramLabel = "FILE", description = "Also write a JUnit XML report to FILE.")
        Path junitXml;

        @Option(names = "--prometheus", paramLabel = "FILE", description = "verify: also write node_exporter metrics.")
        Path prometheus;

        @Option(names = "--fail-on", paramLabel = "SEVERITY", converter = SeverityOption.class,
                completionCandidates = SeverityOption.class,
                description = "verify: lowest severity at which a FAIL fails the merge (default: info).")
        Severity failOn;

        @Option(names = {"-q", "--quiet"}, description = "verify: print only what did not pass, and the summary.")
        boolean quiet;

        @Option(names = "-v", description = "-vvvv: stack traces.")
        boolean[] verbose = new boolean[0];

        private final Invocation invocation;

        Merge(Invocation invocation) {
            this.invocation = invocation;
        }

        @Override
        public int verbosity() {
            return verbose.length;
        }

        @Override
        public Integer call() {
            for (Path r : reports) {
                if (!Files.isRegularFile(r)) {
                    throw KvmforgeException.options("no report at " + r, "give the files the slices' --json wrote");
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            boolean runs = EventLog.isEventLog(reports.get(0));
            for (Path r : reports) {
                if (EventLog.isEventLog(r) != runs) {
                    throw KvmforgeException.options(r + (runs ? " is not" : " is") + " a run's JSON lines, "
                            + reports.get(0) + (runs ? " is" : " is not"),
                            "merge the reports of one command: all of kvmforge run, or all of kvmforge verify");
                }
            }
            try {
                return runs ? mergeRuns(out) : mergeVerifications(out);
            } finally {
                out.flush();
            }
        }

        private int mergeRuns(PrintWriter out) {
            if (prometheus != null || failOn != null || quiet) {
                throw KvmforgeException.options("--prometheus, --fail-on and --quiet are for verify reports; these are"
                        + " kvmforge run's", null);
            }
            List<Event> events = SlicedRun.merge(reports);
            List<EventListener> files = new ArrayList<>();
            if (json != null) {
                files.add(new JsonLinesReporter(json));
            }
            if (junitXml != null) {
                files.add(new JUnitXmlReporter(junitXml));
            }
            ConsoleReporter console = new ConsoleReporter(out, verbosity(), invocation.console());
            int code = 0;
            for (Event e : events) {
                files.forEach(f -> f.on(e));
                if (e instanceof Event.RunStarted || e instanceof Event.Recap || e instanceof Event.RunFinished) {
                    console.on(e);
                }
                if (e instanceof Event.RunFinished f) {
                    code = f.exitCode();
                }
            }
            files.forEach(EventListener::close);
            console.close();
            return code;
        }

        private int mergeVerifications(PrintWriter out) {
            if (!JsonReport.isReport(reports.get(0))) {
                throw KvmforgeException.options(reports.get(0) + " is neither a run's JSON lines nor a verify report",
                        "give the files that the slices' --json wrote");
            }
            VerificationResult merged = SlicedVerification.merge(reports);
            ReportSet.console(out, invocation.console(), quiet, verbosity()).withJUnitXml(junitXml).withJson(json)
                    .withPrometheus(prometheus).write(merged);
            return merged.exitCode(failOn == null ? Severity.INFO : failOn);
        }
    }
}
