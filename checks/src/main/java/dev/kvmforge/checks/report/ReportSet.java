package dev.kvmforge.checks.report;

import dev.kvmforge.checks.VerificationResult;
import dev.kvmforge.checks.VerificationRun;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.report.ConsoleMode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reports a door writes for one verification run: the console report and the report files asked for, attached to
 * the run together and checked together when it is over. {@code kvmforge verify} and {@code mvn kvm:verify} both
 * run their checks through it.
 *
 * <pre>{@code
 * VerificationResult r = ReportSet.console(out, ConsoleMode.PLAIN, false, 0)
 *         .withJUnitXml(Path.of("target/kvm-reports/kvm-verify.xml"))
 *         .withJson(Path.of("target/kvm-reports/kvm-verify.json"))
 *         .run(VerificationRun.of(inventory).withFailOn(Severity.HIGH));
 * }</pre>
 */
public final class ReportSet {

    private final ConsoleReport console;
    private final List<FileReport> files = new ArrayList<>();

    private ReportSet(ConsoleReport console) {
        this.console = console;
    }

    /**
     * A set that prints the {@link ConsoleReport} to {@code out}.
     *
     * @param out       where to print
     * @param mode      whether colour is allowed
     * @param quiet     only what did not pass, and the summary line
     * @param verbosity 1 or more: the messages of passing and skipped checks too
     */
    public static ReportSet console(PrintWriter out, ConsoleMode mode, boolean quiet, int verbosity) {
        return new ReportSet(new ConsoleReport(out, mode, quiet, verbosity));
    }

    /** Also write a {@link JUnitXmlReport} to {@code file}; null: none. */
    public ReportSet withJUnitXml(Path file) {
        return file == null ? this : with(new JUnitXmlReport(file));
    }

    /** Also write a {@link JsonReport} to {@code file}; null: none. */
    public ReportSet withJson(Path file) {
        return file == null ? this : with(new JsonReport(file));
    }

    /** Also write a {@link PrometheusReport} to {@code file}; null: none. */
    public ReportSet withPrometheus(Path file) {
        return file == null ? this : with(new PrometheusReport(file));
    }

    private ReportSet with(FileReport report) {
        files.add(report);
        return this;
    }

    /** The report files this set writes, absolute, in the order added. */
    public List<Path> files() {
        return files.stream().map(FileReport::file).toList();
    }

    /**
     * Prints and writes what a run found without running it (a merge of slices' reports): the console as the run
     * would have printed it, host by host, then the files.
     *
     * @throws KvmforgeException {@code GENERAL} naming the file when a report could not be written (the others are)
     */
    public void write(VerificationResult result) {
        result.hosts().forEach(console::hostChecked);
        console.runFinished(result);
        files.forEach(f -> f.runFinished(result));
        checkWritten();
    }

    /**
     * Attaches the reports to {@code run}, runs it and returns what it found, once every report is written.
     *
     * @throws KvmforgeException as {@link VerificationRun#run()}, and {@code GENERAL} naming the file when a report
     *                           could not be written (the others are)
     */
    public VerificationResult run(VerificationRun run) {
        run.withListener(console);
        files.forEach(run::withListener);
        VerificationResult result = run.run();
        checkWritten();
        return result;
    }

    private void checkWritten() {
        for (FileReport f : files) {
            if (f.failure().isPresent()) {
                throw new KvmforgeException(ErrorKind.GENERAL, "cannot write the report: "
                        + f.failure().get().getMessage(), f.file().toString(), null);
            }
        }
    }
}
