package dev.kvmforge.runner.report;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.SourceLocation;
import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.HostStats;
import dev.kvmforge.runner.execute.RunResult;
import dev.kvmforge.runner.inventory.HostSlice;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The events of one run made from the events of its slices ({@code run --slice I/N --json FILE}, N processes): what
 * one run over all the hosts would have reported, for every reporter. Plays and tasks keep their order; under each
 * task the hosts' results come in the inventory's order (as one run with {@code --forks 1} has them); the recap holds
 * every host, and the exit code is the one that run would have ended with.
 *
 * <p>What one run sees across hosts, slices do not: a {@code serial} play's batches are the slices' batches (merged
 * batch by batch when every slice made as many), and {@code run_once} runs once per slice.
 */
public final class SlicedRun {

    /** A slice's events, split at its plays. */
    private record SliceLog(Path file, HostSlice slice, Event.RunStarted start, List<Event> prelude,
                            List<List<Batch>> plays, Event.Recap recap, Event.RunFinished finish) {
    }

    /** A play's start for some hosts (a serial batch, or the whole play) and what happened in it, task by task. */
    private record Batch(Event.PlayStarted start, List<TaskPart> tasks) {
    }

    /** A task's start (null for what came before a play's first task) and the events under it. */
    private record TaskPart(Event.TaskStarted start, List<Event> events) {
    }

    /** A task within a batch: the same task met again (a handler flushed twice) is another occurrence. */
    private record TaskKey(String name, String module, SourceLocation location, boolean handler, int occurrence) {
    }

    private SlicedRun() {
    }

    /**
     * The one run that {@code files}' slices make together.
     *
     * @throws KvmforgeException {@code PARSE} naming the file when one is not a slice's complete event log, or
     *                           {@code OPTIONS} when the slices are not all the slices of one run (a slice missing
     *                           or given twice, another playbook, another check or diff mode)
     */
    public static List<Event> merge(List<Path> files) {
        if (files.isEmpty()) {
            throw KvmforgeException.options("no report to merge", "give every slice's --json file");
        }
        List<SliceLog> slices = new ArrayList<>();
        for (Path f : files) {
            slices.add(split(f, EventLog.read(f)));
        }
        checkComplete(slices);
        slices.sort(Comparator.comparingInt(s -> s.slice().index()));
        Map<String, Integer> order = new HashMap<>();
        for (SliceLog s : slices) {
            s.start().inventoryHosts().forEach(h -> order.putIfAbsent(h, order.size()));
        }
        List<Event> out = new ArrayList<>();
        SliceLog first = slices.get(0);
        out.add(new Event.RunStarted(slices.stream().map(s -> s.start().at()).min(Comparator.naturalOrder())
                .orElse(Instant.now()), first.start().playbook(), first.start().checkMode(),
                first.start().diffMode()));
        out.addAll(first.prelude());
        List<String> seen = new ArrayList<>();
        for (int p = 0; p < first.plays().size(); p++) {
            int play = p;
            for (Batch b : batches(slices.stream().map(s -> s.plays().get(play)).toList(), order)) {
                b.start().hosts().stream().filter(h -> !seen.contains(h)).forEach(seen::add);
                out.add(b.start());
                for (TaskPart t : b.tasks()) {
                    if (t.start() != null) {
                        out.add(t.start());
                    }
                    out.addAll(t.events());
                }
            }
        }
        Map<String, HostStats> recap = new LinkedHashMap<>();
        seen.forEach(h -> slices.stream().map(s -> s.recap().hosts().get(h)).filter(Objects::nonNull).findFirst()
                .ifPresent(stats -> recap.put(h, stats)));
        slices.forEach(s -> s.recap().hosts().forEach(recap::putIfAbsent));
        out.add(new Event.Recap(recap));
        boolean interrupted = slices.stream().anyMatch(s -> s.finish().interrupted());
        int code = slices.stream().map(s -> s.finish().exitCode()).filter(c -> !Set.of(RunResult.OK,
                RunResult.HOST_FAILED, RunResult.HOST_UNREACHABLE, RunResult.INTERRUPTED).contains(c))
                .findFirst().orElse(RunResult.exitCode(recap, interrupted));
        out.add(new Event.RunFinished(code, slices.stream().map(s -> s.finish().duration()).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(Duration.ZERO), interrupted));
        return out;
    }

    private static SliceLog split(Path file, List<Event> events) {
        if (events.isEmpty() || !(events.get(0) instanceof Event.RunStarted start)) {
            throw new KvmforgeException(ErrorKind.PARSE, "not a run's JSON lines: it does not begin with run_started",
                    file.toString(), "give the files that kvmforge run --json wrote");
        }
        if (start.slice() == null) {
            throw new KvmforgeException(ErrorKind.OPTIONS, "not a slice's report: its run had no --slice",
                    file.toString(), "merge the reports of runs with --slice 1/N to --slice N/N");
        }
        if (!(events.get(events.size() - 1) instanceof Event.RunFinished finish)
                || !(events.get(events.size() - 2) instanceof Event.Recap recap)) {
            throw new KvmforgeException(ErrorKind.PARSE, "slice " + start.slice()
                    + "'s report ends before its run did (no recap and run_finished at the end)", file.toString(),
                    "wait for the slice to finish, or run it again");
        }
        List<Event> prelude = new ArrayList<>();
        List<List<Batch>> plays = new ArrayList<>();
        Batch batch = null;
        for (Event e : events.subList(1, events.size() - 2)) {
            if (e instanceof Event.PlayStarted p) {
                batch = new Batch(p, new ArrayList<>(List.of(new TaskPart(null, new ArrayList<>()))));
                List<Batch> last = plays.isEmpty() ? null : plays.get(plays.size() - 1);
                if (last != null && samePlay(last.get(0).start(), p)) {
                    last.add(batch);
                } else {
                    plays.add(new ArrayList<>(List.of(batch)));
                }
            } else if (batch == null) {
                prelude.add(e);
            } else if (e instanceof Event.TaskStarted t) {
                batch.tasks().add(new TaskPart(t, new ArrayList<>()));
            } else {
                batch.tasks().get(batch.tasks().size() - 1).events().add(e);
            }
        }
        return new SliceLog(file, HostSlice.parse(start.slice()), start, prelude, plays, recap, finish);
    }

    private static boolean samePlay(Event.PlayStarted a, Event.PlayStarted b) {
        return Objects.equals(a.name(), b.name()) && Objects.equals(a.hostPattern(), b.hostPattern())
                && Objects.equals(a.strategy(), b.strategy());
    }

    private static void checkComplete(List<SliceLog> slices) {
        SliceLog first = slices.get(0);
        int count = first.slice().count();
        Map<Integer, SliceLog> byIndex = new TreeMap<>();
        for (SliceLog s : slices) {
            String where = s.file().toString();
            if (s.slice().count() != count) {
                throw new KvmforgeException(ErrorKind.OPTIONS, "slice " + s.slice() + " is not one of " + count
                        + " slices, as " + first.file() + "'s " + first.slice() + " is", where,
                        "merge the slices of one run only");
            }
            SliceLog twice = byIndex.put(s.slice().index(), s);
            if (twice != null) {
                throw new KvmforgeException(ErrorKind.OPTIONS, "slice " + s.slice() + " is given twice (also in "
                        + twice.file() + ")", where, "give each slice's report once");
            }
            if (!Objects.equals(s.start().playbook(), first.start().playbook())
                    || s.start().checkMode() != first.start().checkMode()
                    || s.start().diffMode() != first.start().diffMode()) {
                throw new KvmforgeException(ErrorKind.OPTIONS, "slice " + s.slice() + " ran " + describe(s.start())
                        + ", slice " + first.slice() + " ran " + describe(first.start()), where,
                        "merge the slices of one run only");
            }
            if (s.plays().size() != first.plays().size()) {
                throw new KvmforgeException(ErrorKind.OPTIONS, "slice " + s.slice() + " ran " + s.plays().size()
                        + " plays, slice " + first.slice() + " " + first.plays().size(), where,
                        "merge the slices of one run only; a slice that was stopped early cannot be merged");
            }
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
    }

    private static String describe(Event.RunStarted s) {
        return s.playbook() + (s.checkMode() ? " with --check" : "") + (s.diffMode() ? " with --diff" : "");
    }

    /** One play's batches in every slice, as one run's. */
    private static List<Batch> batches(List<List<Batch>> slices, Map<String, Integer> order) {
        int count = slices.get(0).size();
        if (slices.stream().anyMatch(b -> b.size() != count)) {
            // serial batches cut differently in each slice: each slice's batches in turn
            return slices.stream().flatMap(List::stream).toList();
        }
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int batch = i;
            out.add(merge(slices.stream().map(b -> b.get(batch)).toList(), order));
        }
        return out;
    }

    private static Batch merge(List<Batch> parts, Map<String, Integer> order) {
        Comparator<String> inOrder = Comparator.comparingInt(h -> order.getOrDefault(h, Integer.MAX_VALUE));
        List<String> hosts = new ArrayList<>();
        parts.forEach(b -> hosts.addAll(b.start().hosts()));
        hosts.sort(inOrder);
        Event.PlayStarted s = parts.get(0).start();
        List<TaskKey> keys = new ArrayList<>();
        Map<TaskKey, Event.TaskStarted> starts = new HashMap<>();
        Map<TaskKey, List<List<Event>>> events = new HashMap<>();
        for (Batch b : parts) {
            Map<TaskKey, Integer> occurrences = new HashMap<>();
            int at = 0;
            for (TaskPart t : b.tasks()) {
                TaskKey key = key(t.start(), occurrences);
                int known = keys.indexOf(key);
                if (known < 0) {
                    keys.add(at, key);
                    known = at;
                }
                at = known + 1;
                starts.putIfAbsent(key, t.start());
                List<Event> kept = b.start().hosts().isEmpty() && t.start() == null && !hosts.isEmpty()
                        ? List.of() : t.events();
                events.computeIfAbsent(key, k -> new ArrayList<>()).add(kept);
            }
        }
        List<TaskPart> tasks = new ArrayList<>();
        for (TaskKey key : keys) {
            Map<String, List<Event>> byHost = new TreeMap<>(inOrder.thenComparing(Comparator.naturalOrder()));
            List<Event> hostless = new ArrayList<>();
            for (List<Event> slice : events.get(key)) {
                for (Event e : slice) {
                    String host = host(e);
                    if (host == null) {
                        hostless.add(e);
                    } else {
                        byHost.computeIfAbsent(host, h -> new ArrayList<>()).add(e);
                    }
                }
            }
            List<Event> all = new ArrayList<>();
            byHost.values().forEach(all::addAll);
            // what every slice said alike (a play's warning), once
            all.addAll(hostless.stream().map(e -> hosts.isEmpty() ? whole(e) : e).distinct().toList());
            tasks.add(new TaskPart(starts.get(key), all));
        }
        return new Batch(new Event.PlayStarted(s.name(), s.hostPattern(), hosts, s.strategy()), tasks);
    }

    /** A task's key; what came before a play's first task has occurrence -1. */
    private static TaskKey key(Event.TaskStarted t, Map<TaskKey, Integer> occurrences) {
        if (t == null) {
            return new TaskKey(null, null, null, false, -1);
        }
        TaskKey base = new TaskKey(t.name(), t.module(), t.location(), t.handler(), 0);
        int n = occurrences.merge(base, 1, Integer::sum);
        return new TaskKey(t.name(), t.module(), t.location(), t.handler(), n);
    }

    private static String host(Event e) {
        if (e instanceof Event.HostResult r) {
            return r.host();
        } else if (e instanceof Event.Retrying r) {
            return r.host();
        } else if (e instanceof Event.HostOutput o) {
            return o.host();
        } else if (e instanceof Event.HostCommand c) {
            return c.host();
        } else if (e instanceof Event.Warning w) {
            return w.host();
        }
        return null;
    }

    /** A slice's "no hosts matched ... in --slice I/N; skipping play" as one run says it. */
    private static Event whole(Event e) {
        return e instanceof Event.Warning w && w.host() == null
                ? new Event.Warning(null, w.message().replaceFirst(" in --slice \\d+/\\d+;", ";")) : e;
    }
}
