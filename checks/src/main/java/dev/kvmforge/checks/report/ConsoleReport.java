package dev.kvmforge.checks.report;

import dev.kvmforge.checks.HostReport;
import dev.kvmforge.checks.ResultCollector;
import dev.kvmforge.checks.VerificationResult;
import dev.kvmforge.checks.model.CheckResult;
import dev.kvmforge.checks.model.Outcome;
import dev.kvmforge.runner.report.Colour;
import dev.kvmforge.runner.report.ConsoleMode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The console report: one block per host as each is done, a line per check, and a summary line at the end
 * ({@code 12 passed, 1 failed, 2 warned, 1 skipped, 0 errors}).
 *
 * <pre>
 * kvm1 (ssh ops@10.0.0.1:22)
 *   PASS   HV-DEV-KVM      /dev/kvm exists
 *   FAIL   LV-TCP-NOAUTH   libvirt accepts no TCP connections without authentication [critical]
 *          /etc/libvirt/libvirtd.conf:2 listen_tcp = 1 with ...
 *          hint: set auth_tcp = "sasl" ...
 * kvm3 UNREACHABLE: cannot connect to 127.0.0.1:1: Connection refused
 *   ERROR  13 checks not run
 * </pre>
 *
 * <p>Colour only where {@link ConsoleMode} allows it (a terminal). Quiet: only what did not pass (FAIL, WARN, ERROR)
 * and the summary. Verbose: the message of passing and skipped checks too.
 */
public final class ConsoleReport extends ResultCollector {

    private final PrintWriter out;
    private final ConsoleMode mode;
    private final boolean quiet;
    private final boolean verbose;

    /**
     * @param out       where to print
     * @param mode      whether colour is allowed
     * @param quiet     only what did not pass
     * @param verbosity 1 or more: the messages of passing and skipped checks too
     */
    public ConsoleReport(PrintWriter out, ConsoleMode mode, boolean quiet, int verbosity) {
        this.out = out;
        this.mode = mode;
        this.quiet = quiet;
        this.verbose = verbosity > 0 && !quiet;
    }

    @Override
    protected void hostChecked(HostReport host) {
        List<String> lines = new ArrayList<>();
        if (host.unreachable()) {
            lines.add(paint(Colour.FAILED, host.host() + " UNREACHABLE: " + firstLine(host.problem())));
            long errors = host.results().stream().filter(r -> r.outcome() == Outcome.ERROR).count();
            if (errors > 0) {
                lines.add("  " + label(Outcome.ERROR, false) + " " + errors + (errors == 1 ? " check" : " checks")
                        + " not run");
            }
        } else {
            int width = host.results().stream().mapToInt(r -> r.checkId().length()).max().orElse(0);
            for (CheckResult r : host.results()) {
                if (quiet && (r.outcome() == Outcome.PASS || r.outcome() == Outcome.SKIP)) {
                    continue;
                }
                lines.addAll(lines(r, width));
            }
            if (lines.isEmpty()) {
                return;
            }
            lines.add(0, host.host() + (host.connection().isEmpty() ? "" : " (" + host.connection() + ")"));
        }
        lines.forEach(out::println);
        out.flush();
    }

    private List<String> lines(CheckResult r, int width) {
        List<String> l = new ArrayList<>();
        boolean failing = r.outcome() == Outcome.FAIL || r.outcome() == Outcome.ERROR || r.outcome() == Outcome.WARN;
        String sev = failing ? " [" + r.severity() + "]" : "";
        l.add("  " + label(r.outcome(), r.waived()) + " " + pad(r.checkId(), width) + "  " + r.title() + sev);
        if (failing || r.waived() || verbose) {
            l.add("         " + r.message());
        }
        if (failing && !r.hint().isBlank()) {
            l.add("         hint: " + r.hint());
        }
        return l;
    }

    private String label(Outcome o, boolean waived) {
        if (waived) {
            return paint(Colour.CHANGED, "WAIVED");
        }
        String text = pad(o.name(), 6);
        return switch (o) {
            case PASS -> paint(Colour.OK, text);
            case FAIL, ERROR -> paint(Colour.FAILED, text);
            case WARN -> paint(Colour.WARNING, text);
            case SKIP -> paint(Colour.SKIPPED, text);
        };
    }

    private String paint(Colour c, String text) {
        return mode.colour() ? c.paint(text) : text;
    }

    @Override
    protected void runFinished(VerificationResult result) {
        result.runProblems().forEach(p -> out.println("run problem: " + firstLine(p)));
        out.println(RunTotals.of(result).summaryLine());
        out.flush();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
