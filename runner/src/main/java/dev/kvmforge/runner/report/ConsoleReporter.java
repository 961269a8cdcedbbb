package dev.kvmforge.runner.report;

import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.EventListener;
import dev.kvmforge.runner.event.Status;
import dev.kvmforge.runner.modules.Change;
import dev.kvmforge.runner.modules.Diff;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Prints a run as ansible-playbook does: {@code PLAY [name] ****}, {@code TASK [name] ****}, one line per host
 * ({@code ok: [host]}, {@code changed: [host]}, {@code fatal: [host]: FAILED! => message}...), warnings, and the
 * {@code PLAY RECAP}. A result for another task than the one whose banner was printed last gets its task's banner
 * again; in a {@code free} play banners come only with results, since hosts work on different tasks at once.
 *
 * <p>Verbosity adds: {@code -v} the result values as compact JSON after {@code =>}; {@code -vv} the playbook banner
 * and each task's file:line; {@code -vvv} the commands sent and their output lines. In check mode a changed line is
 * followed by what would change; with {@code --diff}, unified diffs come before the line. On a terminal ({@link
 * ConsoleMode}) lines are coloured and a task running for over two seconds shows a progress line, rewritten in
 * place and cleared before the next output.
 *
 * <p>Thread-safe: events from many threads are printed one at a time, whole.
 */
public final class ConsoleReporter implements EventListener {

    /** Banners are padded with stars to this width, as Ansible's on an 80-column terminal. */
    static final int WIDTH = 80;

    /** What debug's {@code msg} is shown with; the rest of its result (a loop's item...) is left out. */
    private static final Set<String> DEBUG_MSG_KEYS = Set.of("msg", "exception", "warnings", "deprecations");

    /** A task shows the progress line once it has run this long. */
    static final long PROGRESS_AFTER_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Object lock = new Object();
    private final PrintWriter out;
    private final int verbosity;
    private final ConsoleMode mode;
    private final LongSupplier clock;
    private ScheduledExecutorService ticker;

    private boolean checkMode;
    private final Map<String, Event.TaskStarted> announcedTasks = new HashMap<>();
    private String lastBanner;
    private boolean freePlay;
    private final Set<String> loopsInProgress = new HashSet<>();
    private List<String> playHosts = List.of();
    private final Set<String> unreachable = new HashSet<>();
    private final Set<String> failedInPlay = new HashSet<>();
    private final Set<String> changedInPlay = new HashSet<>();
    private String runningTask;
    private long taskStartedAt;
    private final Set<String> pendingHosts = new LinkedHashSet<>();
    private int progressWidth;
    private boolean closed;

    /**
     * A reporter that prints to {@code out}.
     *
     * @param out       where to print; flushed after every event
     * @param verbosity 0 to 4, as the count of {@code -v}
     * @param mode      colour and live progress, usually {@link ConsoleMode#detect()}; {@link ConsoleMode#PLAIN}
     *                  for files and pipes; a mode with colour forces it (for tests)
     */
    public ConsoleReporter(PrintWriter out, int verbosity, ConsoleMode mode) {
        this(out, verbosity, mode, System::nanoTime);
    }

    /** As above, reading time from {@code clock} (nanoseconds), so tests can move it. */
    ConsoleReporter(PrintWriter out, int verbosity, ConsoleMode mode, LongSupplier clock) {
        this.out = out;
        this.verbosity = verbosity;
        this.mode = mode;
        this.clock = clock;
    }

    @Override
    public void on(Event event) {
        synchronized (lock) {
            clearProgress();
            if (event instanceof Event.RunStarted e) {
                runStarted(e);
            } else if (event instanceof Event.PlayStarted e) {
                playStarted(e);
            } else if (event instanceof Event.TaskStarted e) {
                taskStarted(e);
            } else if (event instanceof Event.HostResult e) {
                hostResult(e);
            } else if (event instanceof Event.Retrying e) {
                retrying(e);
            } else if (event instanceof Event.HostOutput e) {
                hostOutput(e);
            } else if (event instanceof Event.HostCommand e) {
                hostCommand(e);
            } else if (event instanceof Event.Warning e) {
                warning(e);
            } else if (event instanceof Event.Recap e) {
                recap(e);
            } else if (event instanceof Event.RunFinished e) {
                runFinished(e);
            }
            out.flush();
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            clearProgress();
            stopTicker();
            out.flush();
        }
    }

    private void runStarted(Event.RunStarted e) {
        checkMode = e.checkMode();
        if (verbosity >= 2) {
            banner("PLAYBOOK: " + e.playbook());
        }
    }

    private void playStarted(Event.PlayStarted e) {
        playHosts = e.hosts();
        failedInPlay.clear();
        changedInPlay.clear();
        runningTask = null;
        lastBanner = null;
        freePlay = "free".equals(e.strategy());
        banner("PLAY [" + e.name() + "]" + (checkMode ? " [CHECK MODE]" : ""));
    }

    private void taskStarted(Event.TaskStarted e) {
        String key = taskKey(e.name(), e.location());
        announcedTasks.put(key, e);
        if (!freePlay) {
            taskBanner(e); // in a free play, hosts answer for tasks in any order: banners come with results
        }
        runningTask = e.name();
        taskStartedAt = clock.getAsLong();
        pendingHosts.clear();
        for (String h : playHosts) {
            boolean expected = e.handler() ? changedInPlay.contains(h) : !failedInPlay.contains(h);
            if (expected && !unreachable.contains(h)) {
                pendingHosts.add(h);
            }
        }
        if (mode.liveProgress()) {
            startTicker();
        }
    }

    private void hostResult(Event.HostResult e) {
        String key = e.host() + "\u0000" + taskKey(e.task(), e.location());
        Event.TaskStarted task = announcedTasks.get(taskKey(e.task(), e.location()));
        boolean debug = task != null && isDebug(task.module());
        if (e.item() != null) {
            loopsInProgress.add(key);
            printResult(e, debug);
            return;
        }
        pendingHosts.remove(e.host());
        switch (e.status()) {
            case UNREACHABLE -> unreachable.add(e.host());
            case FAILED -> {
                if (!e.ignored()) {
                    failedInPlay.add(e.host());
                }
            }
            case CHANGED -> changedInPlay.add(e.host());
            default -> {
            }
        }
        boolean loopSummary = loopsInProgress.remove(key);
        if (loopSummary && e.status() != Status.FAILED && e.status() != Status.UNREACHABLE) {
            return; // the items said it all, as in Ansible
        }
        printResult(e, debug);
    }

    /** The {@code TASK [name]} banner (with the task path from {@code -vv}); results print under it. */
    private void taskBanner(Event.TaskStarted e) {
        banner((e.handler() ? "RUNNING HANDLER [" : "TASK [") + e.name() + "]");
        if (verbosity >= 2 && e.location() != null) {
            out.println("task path: " + e.location());
        }
        lastBanner = taskKey(e.name(), e.location());
    }

    /**
     * Prints the banner of the result's task again when the last banner printed is another task's, as Ansible's
     * default callback does: hosts of a {@code free} play answer for different tasks in any order.
     */
    private void bannerFor(Event.HostResult e) {
        String key = taskKey(e.task(), e.location());
        Event.TaskStarted task = announcedTasks.get(key);
        if (task != null && !key.equals(lastBanner)) {
            taskBanner(task);
        }
    }

    private void printResult(Event.HostResult e, boolean debug) {
        bannerFor(e);
        for (Diff d : e.diffs()) {
            for (String line : UnifiedDiff.lines(d)) {
                out.println(diffLine(line));
            }
        }
        String item = e.item() == null ? "" : " => (item=" + e.item() + ")";
        String line = switch (e.status()) {
            case OK -> "ok: [" + e.host() + "]" + item + values(e, debug);
            case CHANGED -> "changed: [" + e.host() + "]" + item + values(e, debug);
            case SKIPPED -> "skipping: [" + e.host() + "]" + item + (verbosity >= 1 ? values(e, false) : "");
            case FAILED -> (e.item() == null ? "fatal: [" + e.host() + "]: FAILED! => "
                    : "failed: [" + e.host() + "] (item=" + e.item() + ") => ") + failure(e);
            case UNREACHABLE -> "fatal: [" + e.host() + "]: UNREACHABLE! => " + failure(e);
        };
        out.println(paint(line, colourOf(e.status())));
        if (e.status() == Status.CHANGED && (checkMode || verbosity >= 1)) {
            for (Change c : e.changes()) {
                out.println(paint("  - " + c.summary(), Colour.CHANGED));
            }
        }
        if (e.ignored()) {
            out.println(paint("...ignoring", Colour.SKIPPED));
        }
    }

    /** What follows {@code =>} on an ok or changed line: debug's values always, others' from {@code -v}. */
    private String values(Event.HostResult e, boolean debug) {
        if (debug) {
            Map<String, Object> shown = new LinkedHashMap<>(e.values());
            if (shown.containsKey("msg")) {
                shown.keySet().retainAll(DEBUG_MSG_KEYS); // msg stands alone, as Ansible shows it
            }
            for (String k : List.of("changed", "failed", "skipped")) {
                shown.remove(k);
            }
            return " => " + JsonText.pretty(shown);
        }
        if (verbosity >= 1 && !e.values().isEmpty()) {
            return " => " + JsonText.compact(e.values());
        }
        return "";
    }

    /** What follows {@code FAILED! =>}: the message, or from {@code -v} the result values with the message. */
    private String failure(Event.HostResult e) {
        String message = e.message() == null || e.message().isBlank() ? e.status().word() : e.message();
        if (verbosity >= 1 && !e.values().isEmpty()) {
            Map<String, Object> all = new LinkedHashMap<>(e.values());
            all.putIfAbsent("msg", message);
            return JsonText.compact(all);
        }
        return message;
    }

    /** {@code FAILED - RETRYING: [host]: task (2 retries left).}, from {@code -vvv} with the attempt's result. */
    private void retrying(Event.Retrying e) {
        String line = "FAILED - RETRYING: [" + e.host() + "]: " + e.task() + " (" + e.retriesLeft() + " retries left).";
        if (verbosity >= 3) {
            line += "Result was: " + JsonText.pretty(e.values()); // no blank before it, as Ansible prints it
        }
        out.println(paint(line, Colour.DEBUG));
    }

    private void hostOutput(Event.HostOutput e) {
        if (verbosity >= 3) {
            out.println("<" + e.host() + "> " + (e.stderr() ? "stderr" : "stdout") + ": " + e.line());
        }
    }

    private void hostCommand(Event.HostCommand e) {
        if (verbosity >= 3) {
            out.println("<" + e.host() + "> EXEC " + e.command());
        }
    }

    private void warning(Event.Warning e) {
        String about = e.host() == null || e.message().contains("[" + e.host() + "]") ? "" : "[" + e.host() + "]: ";
        out.println(paint("[WARNING]: " + about + e.message(), Colour.WARNING));
    }

    private void recap(Event.Recap e) {
        runningTask = null;
        stopTicker();
        banner("PLAY RECAP");
        for (String line : RecapTable.lines(e.hosts(), mode.colour())) {
            out.println(line);
        }
        out.println();
    }

    private void runFinished(Event.RunFinished e) {
        runningTask = null;
        stopTicker();
        if (e.interrupted()) {
            out.println(paint("[ERROR]: User interrupted execution", Colour.FAILED));
        }
    }

    private void banner(String text) {
        String msg = text.strip();
        int stars = Math.max(3, WIDTH - 1 - msg.length());
        out.println();
        out.println(msg + " " + "*".repeat(stars));
    }

    private String diffLine(String line) {
        if (line.startsWith("+++") || line.startsWith("---")) {
            return line;
        }
        if (line.startsWith("+")) {
            return paint(line, Colour.DIFF_ADD);
        }
        if (line.startsWith("-")) {
            return paint(line, Colour.DIFF_REMOVE);
        }
        return line.startsWith("@@") ? paint(line, Colour.DIFF_HUNK) : line;
    }

    private String paint(String text, Colour c) {
        return mode.colour() && c != null ? c.paint(text) : text;
    }

    private static Colour colourOf(Status s) {
        return switch (s) {
            case OK -> Colour.OK;
            case CHANGED -> Colour.CHANGED;
            case FAILED, UNREACHABLE -> Colour.FAILED;
            case SKIPPED -> Colour.SKIPPED;
        };
    }

    private static boolean isDebug(String module) {
        return module != null && (module.equals("debug") || module.endsWith(".debug"));
    }

    private static String taskKey(String name, Object location) {
        return name + "\u0000" + location;
    }

    // ---- live progress line ----

    /**
     * Draws the progress line if a task has been running for over two seconds on hosts that have not answered yet.
     * Called every second by the ticker on a terminal; package-private so tests can call it.
     */
    void tick() {
        synchronized (lock) {
            if (runningTask == null || pendingHosts.isEmpty() || closed) {
                return;
            }
            long elapsed = clock.getAsLong() - taskStartedAt;
            if (elapsed < PROGRESS_AFTER_NANOS) {
                return;
            }
            String line = progressLine(TimeUnit.NANOSECONDS.toSeconds(elapsed));
            int previous = progressWidth;
            out.print("\r" + line + " ".repeat(Math.max(0, previous - line.length())));
            progressWidth = line.length();
            out.flush();
        }
    }

    /** {@code   ... still running on host1, host2 (12s)}, shortened to fit one line. */
    private String progressLine(long seconds) {
        String head = "  ... still running on ";
        String tail = " (" + seconds + "s)";
        List<String> hosts = List.copyOf(pendingHosts);
        for (int shown = hosts.size(); shown > 0; shown--) {
            String list = String.join(", ", hosts.subList(0, shown))
                    + (shown < hosts.size() ? ", +" + (hosts.size() - shown) + " more" : "");
            if (head.length() + list.length() + tail.length() < WIDTH) {
                return head + list + tail;
            }
        }
        return head + hosts.size() + " hosts" + tail;
    }

    /** Wipes the progress line, so the next output starts on a clean line. */
    private void clearProgress() {
        if (progressWidth > 0) {
            out.print("\r" + " ".repeat(progressWidth) + "\r");
            progressWidth = 0;
        }
    }

    private void startTicker() {
        if (ticker == null && !closed) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "kvmforge-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        }
    }

    private void stopTicker() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }
}
