package dev.kvmforge.checks.report;

import dev.kvmforge.checks.HostReport;
import dev.kvmforge.checks.VerificationResult;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.inventory.HostSlice;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of one verification made from its slices' JSON reports ({@code verify --slice I/N --json FILE}, N
 * processes): every host once, in inventory order, as one run over all of them would have found; written again by
 * any report.
 */
public final class SlicedVerification {

    private SlicedVerification() {
    }

    /**
     * The one verification that {@code files}' slices make together.
     *
     * @throws KvmforgeException {@code PARSE} naming the file when one is not a verify report, {@code OPTIONS} when
     *                           the reports are not all the slices of one run (one missing or given twice, a report
     *                           of a run without --slice)
     */
    public static VerificationResult merge(List<Path> files) {
        if (files.isEmpty()) {
            throw KvmforgeException.options("no report to merge", "give every slice's --json file");
        }
        Map<Integer, Path> byIndex = new TreeMap<>();
        List<VerificationResult> slices = new ArrayList<>();
        int count = -1;
        for (Path f : files) {
            VerificationResult r = JsonReport.read(f);
            if (r.slice() == null) {
                throw new KvmforgeException(ErrorKind.OPTIONS, "not a slice's report: its run had no --slice",
                        f.toString(), "merge the reports of runs with --slice 1/N to --slice N/N");
            }
            HostSlice slice = HostSlice.parse(r.slice());
            if (count >= 0 && slice.count() != count) {
                throw new KvmforgeException(ErrorKind.OPTIONS, "slice " + slice + " is not one of " + count
                        + " slices, as " + files.get(0) + "'s is", f.toString(), "merge the slices of one run only");
            }
            count = slice.count();
            Path twice = byIndex.put(slice.index(), f);
            if (twice != null) {
                throw new KvmforgeException(ErrorKind.OPTIONS, "slice " + slice + " is given twice (also in " + twice
                        + ")", f.toString(), "give each slice's report once");
            }
            slices.add(r);
        }
        List<String> missing = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            if (!byIndex.containsKey(i)) {
                missing.add(i + "/" + count);
            }
        }
        if (!missing.isEmpty()) {
            throw KvmforgeException.options("slice" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " missing", "give the --json report of every slice");
        }
        Map<String, Integer> order = new HashMap<>();
        slices.forEach(s -> s.inventoryHosts().forEach(h -> order.putIfAbsent(h, order.size())));
        List<HostReport> hosts = new ArrayList<>();
        slices.forEach(s -> hosts.addAll(s.hosts()));
        hosts.sort(Comparator.comparingInt(h -> order.getOrDefault(h.host(), Integer.MAX_VALUE)));
        LinkedHashSet<String> problems = new LinkedHashSet<>();
        slices.forEach(s -> problems.addAll(s.runProblems()));
        return new VerificationResult(hosts, List.copyOf(problems),
                slices.stream().map(VerificationResult::started).min(Comparator.naturalOrder()).orElse(Instant.now()),
                slices.stream().map(VerificationResult::finished).max(Comparator.naturalOrder()).orElse(Instant.now()));
    }
}
