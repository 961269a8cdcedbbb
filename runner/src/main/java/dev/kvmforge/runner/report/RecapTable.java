package dev.kvmforge.runner.report;

import dev.kvmforge.runner.event.HostStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * The lines under {@code PLAY RECAP}: one per host, sorted by name, in aligned columns as ansible-playbook prints
 * them ({@code host : ok=2    changed=1    unreachable=0 ...}).
 */
final class RecapTable {

    /** Ansible pads host names to 26 characters; longer names widen the column for every host. */
    static final int MIN_HOST_WIDTH = 26;

    /** Ansible pads each number to 4 characters; larger numbers widen their column. */
    static final int MIN_NUMBER_WIDTH = 4;

    private record Column(String key, ToIntFunction<HostStats> value, Colour colour) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("ok", HostStats::ok, Colour.OK),
            new Column("changed", HostStats::changed, Colour.CHANGED),
            new Column("unreachable", HostStats::unreachable, Colour.FAILED),
            new Column("failed", HostStats::failed, Colour.FAILED),
            new Column("skipped", HostStats::skipped, Colour.SKIPPED),
            new Column("rescued", HostStats::rescued, Colour.OK),
            new Column("ignored", HostStats::ignored, Colour.WARNING));

    private RecapTable() {
    }

    /** The recap lines for {@code hosts}, coloured (non-zero counts and the host name) when {@code colour}. */
    static List<String> lines(Map<String, HostStats> hosts, boolean colour) {
        Map<String, HostStats> sorted = new TreeMap<>(hosts);
        int hostWidth = Math.max(MIN_HOST_WIDTH, sorted.keySet().stream().mapToInt(String::length).max().orElse(0));
        int[] widths = new int[COLUMNS.size()];
        for (int c = 0; c < COLUMNS.size(); c++) {
            ToIntFunction<HostStats> f = COLUMNS.get(c).value();
            int widest = sorted.values().stream().mapToInt(s -> String.valueOf(f.applyAsInt(s)).length()).max()
                    .orElse(1);
            widths[c] = Math.max(MIN_NUMBER_WIDTH, widest + 1);
        }
        List<String> out = new ArrayList<>();
        sorted.forEach((host, stats) -> {
            StringBuilder line = new StringBuilder();
            line.append(paint(host, hostColour(stats), colour)).append(pad(host, hostWidth)).append(" :");
            for (int c = 0; c < COLUMNS.size(); c++) {
                Column col = COLUMNS.get(c);
                int n = col.value().applyAsInt(stats);
                String field = col.key() + "=" + n;
                line.append(' ').append(paint(field, n == 0 ? null : col.colour(), colour));
                if (c < COLUMNS.size() - 1) {
                    line.append(pad(String.valueOf(n), widths[c]));
                }
            }
            out.add(line.toString());
        });
        return out;
    }

    private static Colour hostColour(HostStats s) {
        if (s.failed() > 0 || s.unreachable() > 0) {
            return Colour.FAILED;
        }
        return s.changed() > 0 ? Colour.CHANGED : Colour.OK;
    }

    private static String paint(String text, Colour c, boolean colour) {
        return colour && c != null ? c.paint(text) : text;
    }

    private static String pad(String text, int width) {
        return " ".repeat(Math.max(0, width - text.length()));
    }
}
