package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.connection.Connection;
import dev.kvmforge.runner.connection.ConnectionSpec;
import dev.kvmforge.runner.connection.ConnectionVars;
import dev.kvmforge.runner.connection.Connector;
import dev.kvmforge.runner.connection.StandardConnector;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.Where;
import dev.kvmforge.runner.error.Suggestions;
import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.EventListener;
import dev.kvmforge.runner.event.HostStats;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.inventory.HostPattern;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.inventory.InventoryHost;
import dev.kvmforge.runner.playbook.Block;
import dev.kvmforge.runner.playbook.FactGathering;
import dev.kvmforge.runner.playbook.Include;
import dev.kvmforge.runner.playbook.Play;
import dev.kvmforge.runner.playbook.Playbook;
import dev.kvmforge.runner.playbook.PlaybookParser;
import dev.kvmforge.runner.playbook.Task;
import dev.kvmforge.runner.playbook.TaskNode;
import dev.kvmforge.runner.template.Templar;
import dev.kvmforge.runner.yaml.Yaml;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a parsed playbook against an inventory: plays in order; in each, hosts in {@code serial} batches; tasks by the
 * linear (every host does a task before the next) or free strategy, at most {@code forks} hosts at once; blocks with
 * rescue and always; handlers at the end of the play or at {@code meta: flush_handlers}. Unreachable hosts leave the
 * run; the others go on. Every step is an {@link Event}.
 */
public final class PlaybookExecutor {

    /** The inventory given; once the run starts, with the playbook's group_vars/ and host_vars/ in {@link #run}. */
    private final Inventory given;
    private RunInventory inventory;
    private final RunOptions options;
    private final Connector connector;
    private final boolean ownConnector;
    private final EventListener events;
    private final Templar templar;
    private final Map<String, HostState> states = new LinkedHashMap<>();
    /** The tasks whose banner the current batch has shown; by identity (a task's record hash walks all it holds). */
    private final Set<TaskNode> announced = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private volatile boolean stopping;
    private volatile boolean aborted;
    private boolean startReached;
    private ExecutorService pool;
    private volatile TaskRunner tasks;
    private Delegation delegation;

    public PlaybookExecutor(Inventory inventory, RunOptions options, Connector connector, EventListener events) {
        this.given = inventory;
        this.options = options;
        this.ownConnector = connector == null;
        this.connector = connector == null ? new StandardConnector(options.controller(), null) : connector;
        this.events = events;
        this.templar = new Templar(options.controller().environment());
        this.startReached = options.startAtTask() == null;
    }

    /** Asks the run to stop: no new task starts; running ones finish. */
    public void stop() {
        stopping = true;
    }

    /**
     * Stops the run as {@link #stop()} does and ends what still runs: local commands with their children, remote
     * commands as a timeout kills them. Their tasks fail as interrupted; the run then emits the recap.
     */
    public void abort() {
        stopping = true;
        aborted = true;
        TaskRunner t = tasks;
        if (t != null) {
            t.abort();
        }
    }

    /** Runs {@code playbook} to its end; emits the recap and returns the exit code with the tallies. */
    public RunResult run(Playbook playbook) {
        checkStartAtTask(playbook);
        inventory = new RunInventory(given.withPlaybookVars(playbook.directory()));
        Instant started = Instant.now();
        pool = Executors.newFixedThreadPool(options.forks(), r -> {
            Thread t = new Thread(r, "kvmforge-fork");
            t.setDaemon(true);
            return t;
        });
        delegation = new Delegation(states, inventory);
        Variables variables = new Variables(inventory, options, playbook.directory(), delegation);
        tasks = new TaskRunner(options, templar, events, variables, playbook.directory(), this::connect, delegation,
                () -> stopping);
        if (aborted) {
            tasks.abort();
        }
        events.on(new Event.RunStarted(started, playbook.file().toString(), options.check(), options.diff(),
                options.slice() == null ? null : options.slice().toString(), options.slice() == null ? List.of()
                : inventory.current().hosts().stream().map(InventoryHost::name).toList()));
        playbook.warnings().forEach(w -> events.on(new Event.Warning(null, w)));
        // the recap and the reports come before the connections close: closing waits up to 5 s for a host that
        // does not answer, which is when an operator presses Ctrl-C, and the process may end before that
        try {
            try {
                for (Play play : playbook.plays()) {
                    if (stopping) {
                        break;
                    }
                    runPlay(play, playbook.directory());
                }
            } finally {
                pool.shutdownNow();
            }
            Map<String, HostStats> recap = new LinkedHashMap<>();
            states.forEach((name, h) -> recap.put(name, h.stats));
            events.on(new Event.Recap(recap));
            int code = RunResult.exitCode(recap, stopping);
            events.on(new Event.RunFinished(code, Duration.between(started, Instant.now()), stopping));
            events.close();
            return new RunResult(code, recap, stopping);
        } finally {
            List<HostState> all = new ArrayList<>(states.values());
            if (delegation != null) {
                all.addAll(delegation.others());
            }
            Connection.closeAll(all.stream().filter(h -> h.host != null).map(h -> h.host.connection()).toList());
            if (ownConnector) {
                connector.close();
            }
        }
    }

    /** {@code --start-at-task} must name a task of the playbook, or nothing would run. */
    private void checkStartAtTask(Playbook playbook) {
        String wanted = options.startAtTask();
        if (wanted == null) {
            return;
        }
        Set<String> names = new LinkedHashSet<>();
        for (Play play : playbook.plays()) {
            PlaybookParser.allTasks(play.tasks()).forEach(t -> names.add(t.name()));
        }
        if (names.contains(wanted)) {
            return;
        }
        List<String> near = Suggestions.nearest(wanted, names);
        throw new KvmforgeException(ErrorKind.OPTIONS, "--start-at-task: no task named '" + wanted
                + "' in the playbook", playbook.file().toString(), near.isEmpty()
                ? "name a task as it is written after 'name:'; --list-tasks lists them"
                : "did you mean '" + near.get(0) + "'?");
    }

    private void runPlay(Play play, Path playbookDir) {
        HostPattern limit = options.limit() == null ? null : HostPattern.parse(options.limit());
        Inventory now = inventory.current();
        List<InventoryHost> selected = now.select(play.hosts());
        if (limit != null) {
            Set<String> allowed = new LinkedHashSet<>();
            limit.select(now).forEach(h -> allowed.add(h.name()));
            selected = selected.stream().filter(h -> allowed.contains(h.name())).toList();
        }
        if (options.slice() != null) {
            selected = selected.stream().filter(h -> options.slice().contains(h.name())).toList();
        }
        List<HostState> hosts = new ArrayList<>();
        for (InventoryHost ih : selected) {
            HostState h = states.computeIfAbsent(ih.name(), n -> new HostState(ih));
            if (!h.unreachable) {
                h.failed = false;
                h.ended = false;
                hosts.add(h);
            }
        }
        List<String> names = hosts.stream().map(HostState::name).toList();
        if (hosts.isEmpty()) {
            events.on(new Event.PlayStarted(play.name(), play.hosts(), names, play.strategy()));
            events.on(new Event.Warning(null, "no hosts matched '" + play.hosts() + "'"
                    + (options.limit() == null ? "" : " with --limit '" + options.limit() + "'")
                    + (options.slice() == null ? "" : " in --slice " + options.slice()) + "; skipping play"));
            return;
        }
        Map<String, Object> playVars = playVars(play, play.directory());
        PlayRun run = new PlayRun(play, playVars, names);
        for (List<HostState> batch : batches(play, hosts)) {
            if (stopping) {
                return;
            }
            // as ansible-playbook: each serial batch is the play again, with its own PLAY and TASK banners
            announced.clear();
            events.on(new Event.PlayStarted(play.name(), play.hosts(), batch.stream().map(HostState::name).toList(),
                    play.strategy()));
            if (play.gatherFacts() != FactGathering.NO) {
                tasks.gatherFacts(run, batch, pool, play.gatherFacts() == FactGathering.UNLESS_GATHERED);
            }
            if (play.strategy().equals("free") || play.strategy().equals("host_pinned")) {
                // host_pinned is free with each host kept on one fork until it is done, which is how free runs here
                runFree(run, batch);
            } else {
                runNodes(run, play.tasks(), batch);
                tasks.runHandlers(run, batch, pool, (inc, on) -> runInclude(run, inc, on, true, true));
            }
        }
    }

    private Map<String, Object> playVars(Play play, Path playbookDir) {
        Map<String, Object> vars = new LinkedHashMap<>(play.vars());
        for (String file : play.varsFiles()) {
            Map<String, Object> scope = new LinkedHashMap<>(vars);
            scope.putAll(options.extraVars());
            String name = templar.renderText(file, scope);
            Path p = Path.of(name);
            if (!p.isAbsolute()) {
                p = playbookDir.resolve(p);
            }
            vars.putAll(Yaml.readVariables(p));
        }
        return vars;
    }

    private List<List<HostState>> batches(Play play, List<HostState> hosts) {
        if (play.serial().isEmpty()) {
            return List.of(hosts);
        }
        List<List<HostState>> out = new ArrayList<>();
        int i = 0;
        int step = 0;
        while (i < hosts.size()) {
            Object s = play.serial().get(Math.min(step, play.serial().size() - 1));
            int size = batchSize(s, hosts.size(), play);
            out.add(hosts.subList(i, Math.min(hosts.size(), i + size)));
            i += size;
            step++;
        }
        return out;
    }

    private static int batchSize(Object serial, int total, Play play) {
        String s = String.valueOf(serial).strip();
        try {
            if (s.endsWith("%")) {
                double pct = Double.parseDouble(s.substring(0, s.length() - 1));
                return Math.max(1, (int) (total * pct / 100.0));
            }
            return Math.max(1, Integer.parseInt(s));
        } catch (NumberFormatException e) {
            throw KvmforgeException.parse(play.location(), "serial '" + s + "' is not a number or a percentage",
                    "write serial: 2 or serial: \"30%\"");
        }
    }

    private void runFree(PlayRun run, List<HostState> batch) {
        List<Future<?>> futures = new ArrayList<>();
        for (HostState h : batch) {
            futures.add(pool.submit(() -> {
                runNodesOn(run, run.play().tasks(), List.of(h), false);
                tasks.runHandlers(run, List.of(h), null, (inc, on) -> runInclude(run, inc, on, false, true));
            }));
        }
        awaitAll(futures);
    }

    /** Runs {@code nodes} on {@code hosts} (linear); returns the hosts that failed in them. */
    private Set<HostState> runNodes(PlayRun run, List<TaskNode> nodes, List<HostState> hosts) {
        return runNodesOn(run, nodes, hosts, true);
    }

    private Set<HostState> runNodesOn(PlayRun run, List<TaskNode> nodes, List<HostState> hosts, boolean parallel) {
        Set<HostState> failed = new LinkedHashSet<>();
        for (TaskNode node : nodes) {
            if (stopping) {
                break;
            }
            List<HostState> active = hosts.stream().filter(HostState::active).toList();
            if (active.isEmpty()) {
                break;
            }
            if (node instanceof Task task) {
                if (!startReached) {
                    if (!task.name().equals(options.startAtTask())) {
                        continue;
                    }
                    startReached = true;
                }
                if (!options.selects(task.options().tags())) {
                    continue;
                }
                if (task.isMeta()) {
                    meta(run, task, active);
                    continue;
                }
                if (announced.add(task)) {
                    events.on(new Event.TaskStarted(tasks.displayName(run, task), task.moduleName(), task.location(),
                            false));
                    if (!parallel && TaskRunner.runsOnce(task)) {
                        events.on(new Event.Warning(null, "Using run_once with the free strategy is not currently"
                                + " supported. This task will still be executed for every host in the inventory list."));
                    }
                }
                if (parallel && TaskRunner.runsOnce(task)) {
                    tasks.runOnce(run, task, active, false);
                } else if (parallel) {
                    runOnAll(run, task, active);
                } else {
                    tasks.run(run, task, active.get(0), false);
                }
                if (run.play().anyErrorsFatal() && active.stream().anyMatch(h -> h.failed)) {
                    hosts.forEach(h -> h.ended = true);
                }
            } else if (node instanceof Block block) {
                BlockRescueAlways.run(block, active, (part, on) -> runNodesOn(run, part, on, parallel));
            } else if (node instanceof Include include) {
                runInclude(run, include, active, parallel, false);
            }
            active.stream().filter(h -> h.failed).forEach(failed::add);
        }
        return failed;
    }

    /**
     * {@code include_tasks}: on each host where its conditions hold, the file it names there, once per loop item;
     * hosts that include the same file with the same loop variables run its tasks together, as ansible-playbook
     * groups them. Each host's line says what it included. A {@code handler} include runs on the hosts notified,
     * announced as a handler each time it runs.
     */
    private void runInclude(PlayRun run, Include include, List<HostState> hosts, boolean parallel, boolean handler) {
        if (!handler && (!options.selects(include.options().tags()) || !startReached)) {
            return;
        }
        if (handler || announced.add(include)) {
            events.on(new Event.TaskStarted(tasks.displayName(run, include.role() == null ? include.name()
                    : include.role().qualify(include.name())), include.kind(), include.location(), handler));
        }
        Map<List<Object>, List<HostState>> groups = new LinkedHashMap<>();
        for (HostState h : hosts) {
            long t0 = System.nanoTime();
            try {
                Map<String, Object> vars = tasks.vars(run, include.options(), include.role(), h, Map.of());
                if (!templar.isTrue(include.options().when(), vars)) {
                    tasks.includeSkipped(h, include, t0);
                    continue;
                }
                List<Map<String, Object>> itemVars = new ArrayList<>();
                if (include.loop() == null) {
                    itemVars.add(Map.of());
                } else {
                    List<Object> items = LoopItems.items(templar, include.loop(), vars);
                    for (int i = 0; i < items.size(); i++) {
                        itemVars.add(LoopItems.vars(include.loopControl(), items, i));
                    }
                }
                List<String> files = new ArrayList<>();
                for (Map<String, Object> iv : itemVars) {
                    String file = templar.renderText(include.target(),
                            tasks.vars(run, include.options(), include.role(), h, iv));
                    groups.computeIfAbsent(List.of(file, iv), k -> new ArrayList<>()).add(h);
                    files.add(file);
                }
                tasks.included(h, include, files, t0);
            } catch (KvmforgeException e) {
                tasks.includeFailed(h, include, e, t0);
            }
        }
        for (Map.Entry<List<Object>, List<HostState>> g : groups.entrySet()) {
            List<HostState> on = g.getValue().stream().filter(HostState::active).toList();
            if (on.isEmpty() || stopping) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> loopVars = (Map<String, Object>) g.getKey().get(1);
            List<TaskNode> included;
            try {
                included = include.loader().load((String) g.getKey().get(0), loopVars);
            } catch (KvmforgeException e) {
                on.forEach(h -> tasks.includeFailed(h, include, e, System.nanoTime()));
                continue;
            }
            runNodesOn(run, included, on, parallel);
        }
    }

    private void runOnAll(PlayRun run, Task task, List<HostState> hosts) {
        if (hosts.size() == 1) {
            tasks.run(run, task, hosts.get(0), false);
            return;
        }
        Integer throttle = task.options().throttle();
        java.util.concurrent.Semaphore slots = throttle == null ? null : new java.util.concurrent.Semaphore(throttle);
        List<Future<?>> futures = new ArrayList<>();
        for (HostState h : hosts) {
            futures.add(pool.submit(() -> {
                if (slots == null) {
                    tasks.run(run, task, h, false);
                    return;
                }
                slots.acquireUninterruptibly(); // throttle: at most that many hosts run the task at once
                try {
                    tasks.run(run, task, h, false);
                } finally {
                    slots.release();
                }
            }));
        }
        awaitAll(futures);
    }

    private void meta(PlayRun run, Task task, List<HostState> hosts) {
        String action = String.valueOf(task.args().get("action"));
        // flush_handlers and end_host ask each host; end_play and clear_facts the first, as in ansible-playbook
        java.util.function.Predicate<HostState> when = h -> {
            try {
                return templar.isTrue(task.options().when(), tasks.vars(run, task, h, Map.of()));
            } catch (KvmforgeException e) {
                throw e.at(new Where(task.location(), task.name(), h.name()));
            }
        };
        switch (action) {
            case "flush_handlers" -> tasks.runHandlers(run, hosts.stream().filter(when).toList(), pool,
                    (inc, on) -> runInclude(run, inc, on, true, true));
            case "end_play" -> {
                if (when.test(hosts.get(0))) {
                    hosts.forEach(h -> h.ended = true);
                }
            }
            case "end_host" -> hosts.stream().filter(when).forEach(h -> h.ended = true);
            case "clear_facts" -> {
                if (when.test(hosts.get(0))) {
                    hosts.forEach(h -> {
                        synchronized (h) {
                            h.facts.clear();
                        }
                    });
                }
            }
            default -> {
                // noop, refresh_inventory, reset_connection: nothing to do here
            }
        }
    }

    private static void awaitAll(List<Future<?>> futures) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException r) {
                    throw r;
                }
                throw new KvmforgeException(ErrorKind.GENERAL, String.valueOf(c), null, null, c);
            }
        }
    }

    /**
     * Opens the connection of {@code h} on first use, and again when a play's {@code connection}/{@code remote_user}
     * or the host's variables ask for another one; an unreachable host throws.
     */
    private Host connect(HostState h, Map<String, Object> vars, Play play) {
        synchronized (h) {
            String user = options.remoteUser() != null ? options.remoteUser() : play.remoteUser();
            ConnectionSpec spec = ConnectionVars.spec(h.name(), vars, new ConnectionVars.Overrides(
                    play.connection(), user, options.privateKey(), options.knownHosts(), options.hostKeyPolicy(),
                    options.timeout(), options.controller()));
            if (h.host != null && !spec.equals(h.spec)) {
                try {
                    h.host.connection().close();
                } catch (RuntimeException e) {
                    // closing is best effort
                }
                h.host = null;
            }
            if (h.host == null) {
                h.host = new Host(h.name(), connector.open(h.name(), spec));
                h.spec = spec;
            }
            return h.host;
        }
    }

    /** A play being run, with its rendered variables and hosts. */
    record PlayRun(Play play, Map<String, Object> vars, List<String> hosts) {
    }
}
