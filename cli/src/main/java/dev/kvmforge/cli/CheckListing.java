package dev.kvmforge.cli;

import dev.kvmforge.checks.catalogue.CheckCatalogue;
import dev.kvmforge.checks.model.Check;
import dev.kvmforge.checks.model.CheckInfo;
import java.io.PrintWriter;

/** {@code kvmforge verify --list-checks}: the checks a run would evaluate, one line each, as a table. */
final class CheckListing {

    private CheckListing() {
    }

    static void print(PrintWriter out, CheckCatalogue checks) {
        int id = Math.max(2, checks.checks().stream().mapToInt(c -> c.id().length()).max().orElse(0));
        int group = Math.max(5, checks.checks().stream().mapToInt(c -> c.info().group().id().length()).max().orElse(0));
        String format = "%-" + id + "s  %-8s  %-" + group + "s  %s%n";
        out.printf(format, "ID", "SEVERITY", "GROUP", "TITLE");
        for (Check c : checks.checks()) {
            CheckInfo i = c.info();
            out.printf(format, i.id(), i.severity(), i.group().id(),
                    i.title() + (i.tags().isEmpty() ? "" : "  [" + String.join(", ", i.tags()) + "]"));
        }
        out.println(checks.size() + (checks.size() == 1 ? " check" : " checks"));
        out.flush();
    }
}
