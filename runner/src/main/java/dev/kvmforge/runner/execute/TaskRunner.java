package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.connection.Connection;
import dev.kvmforge.runner.connection.UnreachableException;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.SourceLocation;
import dev.kvmforge.runner.error.Where;
import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.EventListener;
import dev.kvmforge.runner.event.Status;
import dev.kvmforge.runner.execute.PlaybookExecutor.PlayRun;
import dev.kvmforge.runner.host.Facts;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.modules.BadParameter;
import dev.kvmforge.runner.modules.Module;
import dev.kvmforge.runner.modules.ModuleContext;
import dev.kvmforge.runner.modules.ModuleInvocation;
import dev.kvmforge.runner.modules.ModuleResult;
import dev.kvmforge.runner.modules.Parameters;
import dev.kvmforge.runner.modules.Plan;
import dev.kvmforge.runner.playbook.Include;
import dev.kvmforge.runner.playbook.Play;
import dev.kvmforge.runner.playbook.Role;
import dev.kvmforge.runner.playbook.Task;
import dev.kvmforge.runner.playbook.TaskNode;
import dev.kvmforge.runner.playbook.TaskOptions;
import dev.kvmforge.runner.template.Templar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs one task on one host: conditions, loop, arguments rendered and bound, plan, apply (or not, in check mode),
 * changed_when/failed_when, until/retries, register, notify; and reports it as events.
 */
final class TaskRunner {

    /** Opens a host's connection on first use. */
    @FunctionalInterface
    interface Connect {
        Host connect(HostState h, Map<String, Object> vars, Play play);
    }

    private final RunOptions options;
    private final Templar templar;
    private final EventListener events;
    private final Variables variables;
    private final Path playbookDir;
    private final Connect connect;
    private final Delegation delegation;
    private final BooleanSupplier stopping;
    private final Interrupts interrupts;
    private final ResultLines lines;
    /** The bound parameters of tasks whose arguments hold no template, by task (see {@link #params}). */
    private final Map<Task, Object> untemplatedParams = Collections.synchronizedMap(new IdentityHashMap<>());

    TaskRunner(RunOptions options, Templar templar, EventListener events, Variables variables, Path playbookDir,
               Connect connect, Delegation delegation, BooleanSupplier stopping) {
        this.options = options;
        this.templar = templar;
        this.events = events;
        this.variables = variables;
        this.playbookDir = playbookDir;
        this.connect = connect;
        this.delegation = delegation;
        this.stopping = stopping;
        this.interrupts = new Interrupts(stopping);
        this.lines = new ResultLines(events);
    }

    /** See {@link Interrupts#abort}. */
    void abort() {
        interrupts.abort();
    }

    /** Waits {@code d} (between retries, between loop items); a stopped run does not wait. */
    void pause(Duration d) {
        interrupts.pause(d);
    }

    RunOptions options() {
        return options;
    }

    Templar templar() {
        return templar;
    }

    EventListener events() {
        return events;
    }

    /** Whether the run is stopping (Ctrl-C): no new work starts. */
    boolean stopping() {
        return stopping.getAsBoolean();
    }

    /** The task's name for display: rendered with play and extra vars when it can be, as written otherwise. */
    String displayName(PlayRun run, Task task) {
        return task.role() == null ? displayName(run, task.name()) : task.role().qualify(displayName(run, task.name()));
    }

    /** A name for display: rendered with play and extra vars when it can be, as written otherwise. */
    String displayName(PlayRun run, String name) {
        if (!Templar.isTemplate(name)) {
            return name;
        }
        Map<String, Object> scope = new LinkedHashMap<>(run.vars());
        scope.putAll(options.extraVars());
        try {
            return templar.renderText(name, scope);
        } catch (KvmforgeException e) {
            return name;
        }
    }

    Map<String, Object> vars(PlayRun run, Task task, HostState h, Map<String, Object> loopVars) {
        Map<String, Object> v = vars(run, task.options(), task.role(), h, loopVars);
        v.put("ansible_diff_mode", showsDiff(task));
        return v;
    }

    /** The variables on {@code h} of a task (or include) with these keywords, in this role, with these loop vars. */
    Map<String, Object> vars(PlayRun run, TaskOptions taskOptions, Role role, HostState h,
                             Map<String, Object> loopVars) {
        return variables.forHost(h, run.vars(), run.hosts(), taskOptions, loopVars, run.play().roles(), role);
    }

    /** Whether the task's text changes show as diffs: its {@code diff} keyword, else {@code --diff}. */
    private boolean showsDiff(Task task) {
        return task.options().diff() != null ? task.options().diff() : options.diff();
    }

    /** Whether {@code task} runs on the first host of the batch only ({@code run_once}, or a module such as add_host). */
    static boolean runsOnce(Task task) {
        return Boolean.TRUE.equals(task.options().runOnce()) || task.module() != null && task.module().runsOnce();
    }

    /** The run's inventory, which add_host and group_by add to. */
    RunInventory inventory() {
        return variables.inventory();
    }

    /**
     * The "Gathering Facts" step: facts of every host of the batch, as {@code ansible_facts} and {@code ansible_*};
     * with {@code unlessGathered}, only of hosts whose facts no earlier play gathered.
     */
    void gatherFacts(PlayRun run, List<HostState> batch, ExecutorService pool, boolean unlessGathered) {
        List<HostState> active = batch.stream().filter(HostState::active)
                .filter(h -> !unlessGathered || !h.gatheredFacts()).toList();
        if (active.isEmpty()) {
            return;
        }
        events.on(new Event.TaskStarted("Gathering Facts", "setup", run.play().location(), false));
        forEachHost(active, pool, h -> {
            if (stopping.getAsBoolean()) {
                return; // Ctrl-C: hosts not yet reached are not logged into
            }
            long t0 = System.nanoTime();
            try {
                Host host = connect.connect(h, variables.forHost(h, run.vars(), run.hosts(), TaskOptions.NONE, Map.of(), run.play().roles(), null), run.play());
                Facts facts = interrupts.interruptible(host::facts);
                Map<String, Object> af = facts.asAnsibleFacts();
                synchronized (h) {
                    h.facts.put("ansible_facts", af);
                    af.forEach((k, v) -> h.facts.put("ansible_" + k, v));
                }
                h.count(Status.OK, false);
                lines.report(new ResultAt(h.name(), "Gathering Facts", run.play().location(), null),
                        TaskOutcome.bare(false, null), false, false, t0, false);
            } catch (UnreachableException e) {
                unreachable(h, "Gathering Facts", run.play().location(), e, t0);
            } catch (KvmforgeException e) {
                h.failed = true;
                h.count(Status.FAILED, false);
                lines.report(new ResultAt(h.name(), "Gathering Facts", run.play().location(), null),
                        TaskOutcome.bare(true, message(e)), false, false, t0, false);
            }
        });
    }

    /** Runs the notified handlers on {@code hosts}, in the order they are written, then forgets the notifications. */
    void runHandlers(PlayRun run, List<HostState> hosts, ExecutorService pool,
                     java.util.function.BiConsumer<Include, List<HostState>> includes) {
        for (TaskNode node : run.play().handlers()) {
            if (node instanceof Include include) {
                List<HostState> notified = hosts.stream().filter(h -> !h.unreachable && !h.failed
                        && h.notified.contains(include.name())).toList();
                if (!notified.isEmpty() && !stopping.getAsBoolean()) {
                    includes.accept(include, notified);
                }
                continue;
            }
            Task handler = (Task) node;
            List<HostState> notified = hosts.stream().filter(h -> !h.unreachable && !h.failed && (
                    h.notified.contains(handler.name()) || handler.listen().stream().anyMatch(h.notified::contains)))
                    .toList();
            if (notified.isEmpty() || stopping.getAsBoolean()) {
                continue;
            }
            events.on(new Event.TaskStarted(displayName(run, handler), handler.moduleName(), handler.location(), true));
            if (runsOnce(handler)) {
                runOnce(run, handler, notified, true);
            } else {
                forEachHost(notified, pool, h -> run(run, handler, h, true));
            }
        }
        hosts.forEach(h -> h.notified.clear());
    }

    private static void forEachHost(List<HostState> hosts, ExecutorService pool, java.util.function.Consumer<HostState> work) {
        if (pool == null || hosts.size() == 1) {
            hosts.forEach(work);
            return;
        }
        List<Future<?>> futures = new ArrayList<>();
        for (HostState h : hosts) {
            futures.add(pool.submit(() -> work.accept(h)));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /**
     * Runs {@code task} on the first of {@code hosts} ({@code run_once}), as Ansible does: the result is reported
     * and counted for that host alone, but registered, and its facts set, on every host of the batch; a failure
     * (not ignored) ends the play for all of them.
     */
    void runOnce(PlayRun run, Task task, List<HostState> hosts, boolean handler) {
        TaskOutcome o = run(run, task, hosts.get(0), handler);
        if (o == null) {
            return;
        }
        for (HostState h : hosts.subList(1, hosts.size())) {
            TaskEnd end = new TaskEnd(task, h, o, ignoresErrors(task), true);
            TaskStages.ALL.forEach(stage -> stage.finish(end));
        }
    }

    private static boolean ignoresErrors(Task task) {
        return Boolean.TRUE.equals(task.options().ignoreErrors());
    }

    /**
     * Runs {@code task} on {@code h}, reports it, and updates the host's state; returns what it came to, or null when
     * the task did not run (a stopped run, an unreachable host).
     */
    TaskOutcome run(PlayRun run, Task task, HostState h, boolean handler) {
        if (stopping.getAsBoolean() || !h.active()) {
            return null;
        }
        long t0 = System.nanoTime();
        String name = displayName(run, task);
        boolean noLog = Boolean.TRUE.equals(task.options().noLog());
        boolean ignore = ignoresErrors(task);
        try {
            Map<String, Object> vars = vars(run, task, h, Map.of());
            if (task.loop() == null) {
                TaskStep step = new TaskStep(this, run, task, h, null, vars); // connected by once(), see reach()
                TaskOutcome o = skips(step) ? TaskOutcome.skipped(ModuleResult.valuesInOrder("changed", false,
                        "skipped", true, "skip_reason", "Conditional result was False")) : once(step);
                finish(task, h, name, o, ignore, noLog, t0);
                return o;
            }
            return runLoop(run, task, h, vars, name, ignore, noLog, t0);
        } catch (UnreachableException e) {
            unreachable(h, name, task.location(), e, t0);
            return null;
        } catch (KvmforgeException e) {
            TaskOutcome o = TaskOutcome.failed(message(placed(e, task, h)));
            finish(task, h, name, o, ignore, noLog, t0);
            return o;
        }
    }

    private TaskOutcome runLoop(PlayRun run, Task task, HostState h, Map<String, Object> vars,
                                        String name, boolean ignore, boolean noLog, long t0) {
        List<Object> items = LoopItems.items(templar, task, vars);
        List<Object> results = new ArrayList<>();
        boolean changed = false;
        boolean failed = false;
        boolean anyRan = false;
        for (int i = 0; i < items.size(); i++) {
            if (i > 0 && task.loopControl().pause() > 0) {
                pause(Duration.ofNanos((long) (task.loopControl().pause() * 1e9)));
            }
            if (stopping.getAsBoolean()) {
                break;
            }
            Object item = items.get(i);
            Map<String, Object> loopVars = LoopItems.vars(task.loopControl(), items, i);
            Map<String, Object> itemVars = vars(run, task, h, loopVars);
            String label = LoopItems.label(templar, task, item, itemVars);
            long ti = System.nanoTime();
            TaskOutcome o;
            try {
                TaskStep step = new TaskStep(this, run, task, h, null, itemVars);
                if (skips(step)) {
                    Map<String, Object> skipped = new LinkedHashMap<>();
                    skipped.put("changed", false);
                    skipped.put("skipped", true);
                    skipped.putAll(loopVars);
                    results.add(skipped);
                    lines.report(new ResultAt(h.name(), name, task.location(), label), TaskOutcome.skipped(skipped), false,
                            false, ti, noLog);
                    continue;
                }
                o = once(step);
            } catch (UnreachableException e) {
                throw e;
            } catch (KvmforgeException e) {
                o = TaskOutcome.failed(message(placed(e, task, h)));
            }
            anyRan = true;
            if (!o.failed()) {
                Registration.setFacts(h, task, o.values());
            }
            Map<String, Object> values = new LinkedHashMap<>(o.values());
            values.putAll(loopVars);
            results.add(values);
            changed |= o.changed();
            failed |= o.failed();
            lines.report(new ResultAt(h.name(), name, task.location(), label), o.withValues(values), showsDiff(task), false,
                    ti, noLog || hidden(o));
            if (!task.loopControl().breakWhen().isEmpty() && templar.isTrue(task.loopControl().breakWhen(),
                    withResult(itemVars, task, values))) {
                break; // loop_control.break_when: the items after this one do not run
            }
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("changed", changed);
        all.put("failed", failed);
        all.put("results", results);
        if (!anyRan) {
            all.put("skipped", true);
        }
        if (failed) {
            all.put("msg", "One or more items failed");
        }
        TaskOutcome total = new TaskOutcome(changed, failed, failed ? "One or more items failed" : null, List.of(), all,
                !anyRan);
        finish(task, h, name, total, ignore, noLog, t0);
        return total;
    }

    /**
     * Connects {@code step} once its conditions said it runs: to its own host, or to the host {@code delegate_to}
     * names (rendered with the step's variables, so each loop item may name its own), reached with the delegate's
     * variables; its own host is then not logged into at all.
     */
    private void reach(TaskStep step) {
        String to = step.task.options().delegateTo();
        String name = to == null ? null : templar.renderText(to, step.vars).strip();
        HostState target = step.state;
        Map<String, Object> vars = step.vars;
        if (name != null && !name.isEmpty() && !name.equals(step.state.name())) {
            target = delegation.host(name);
            vars = variables.forHost(target, step.run.vars(), step.run.hosts(), step.task.options(), Map.of(),
                    step.run.play().roles(), step.task.role());
            step.delegate = target;
            step.reachVars = vars;
        }
        HostState t = target;
        Map<String, Object> v = vars;
        step.reconnect = () -> {
            synchronized (t) {
                if (t.host != null) {
                    Connection.closeAll(List.of(t.host.connection()));
                    t.host = null;
                }
            }
            return connect.connect(t, v, step.run.play());
        };
        try {
            step.host = connect.connect(target, vars, step.run.play());
        } catch (UnreachableException e) {
            if (step.task.module() == null || !step.task.module().reachesHostItself()) {
                throw e;
            }
            step.host = new Host(target.name(), new NotConnected(target.name(), e)); // the module reconnects
        }
    }

    /** Whether a stage skips the step ({@code when}). */
    private static boolean skips(TaskStep step) {
        return TaskStages.ALL.stream().anyMatch(stage -> stage.skips(step));
    }

    /**
     * One run of the module, driven through the stages' phases: the arguments bound, every stage's prepare, then the
     * call and every stage's after phase, wrapped by every stage's execute (the first stage outermost).
     */
    private TaskOutcome once(TaskStep step) {
        reach(step);
        Module<?> module = step.task.module();
        Object params = params(module, step.task, step.vars);
        for (TaskStage stage : TaskStages.ALL) {
            stage.prepare(step);
        }
        Supplier<TaskOutcome> call = () -> {
            TaskOutcome o = interrupts.interruptible(() -> invoke(module, params, step));
            for (TaskStage stage : TaskStages.ALL) {
                o = stage.after(step, o);
            }
            return o;
        };
        for (int i = TaskStages.ALL.size() - 1; i >= 0; i--) {
            TaskStage stage = TaskStages.ALL.get(i);
            Supplier<TaskOutcome> inner = call;
            call = () -> stage.execute(step, inner);
        }
        return call.get();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private TaskOutcome invoke(Module module, Object params, TaskStep step) {
        ModuleContext ctx = new ModuleContext(step.host, step.check, step.vars, templar, playbookDir,
                (step.delegate != null ? step.delegate : step.state).forecast,
                step.task.role() == null ? null : step.task.role().dir(), step.reconnect,
                options.controller().prompter());
        ModuleInvocation invoked = ModuleInvocation.of(module, params, ctx);
        Plan plan = invoked.plan();
        ModuleResult result = invoked.result();
        Map<String, Object> values = new LinkedHashMap<>(result.values());
        values.put("changed", result.changed());
        values.put("failed", result.failed());
        if (result.msg() != null) {
            values.putIfAbsent("msg", result.msg());
        }
        if (invoked.checked()) {
            values.put("check_mode", true);
        }
        if (step.delegate != null && Boolean.TRUE.equals(step.task.options().delegateFacts())
                && values.remove("ansible_facts") instanceof Map<?, ?> facts) {
            // delegate_facts: what the module found is the delegate's, not the task's host's
            synchronized (step.delegate) {
                facts.forEach((k, v) -> step.delegate.facts.put(String.valueOf(k), v));
            }
        }
        return new TaskOutcome(result.changed(), result.failed(), result.msg(),
                result.changed() ? plan.changes() : List.of(), values, invoked.skipped());
    }

    /** The variables with a result seen as its conditions see it: its values, and under the register name. */
    static Map<String, Object> withResult(Map<String, Object> vars, Task task, Map<String, Object> values) {
        Map<String, Object> scope = new LinkedHashMap<>(vars);
        scope.putAll(values);
        if (task.register() != null) {
            scope.put(task.register(), values);
        }
        return scope;
    }

    /**
     * The task's parameters on a host. Arguments without a template, all plain values, are the same on every host and
     * every run of the task: they are bound once and the record is shared. Lists and maps are bound per host, since
     * modules such as {@code set_fact} hand them on into each host's variables, where a template may change them.
     */
    private Object params(Module<?> module, Task task, Map<String, Object> vars) {
        if (Templar.holdsTemplate(task.args()) || !scalarsOnly(task.args())) {
            return Parameters.bind(module, renderArgs(task, vars));
        }
        return untemplatedParams.computeIfAbsent(task, t -> Parameters.bind(module, renderArgs(t, vars)));
    }

    private static boolean scalarsOnly(Map<String, Object> args) {
        return args.values().stream().noneMatch(v -> v instanceof Map || v instanceof Collection);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> renderArgs(Task task, Map<String, Object> vars) {
        Object rendered = templar.render(task.args(), vars);
        Map<String, Object> args = new LinkedHashMap<>((Map<String, Object>) rendered);
        args.values().removeIf(Templar.OMIT::equals);
        return args;
    }

    /** Whether a result asks to be hidden as no_log hides it ({@code _ansible_no_log}: a pause's hidden answer). */
    private static boolean hidden(TaskOutcome o) {
        return Boolean.TRUE.equals(o.values().get("_ansible_no_log"));
    }

    /** The end of a task on a host: every stage's finish phase (ignore_errors, register, notify), counted, reported. */
    private void finish(Task task, HostState h, String name, TaskOutcome o, boolean ignore, boolean noLog, long t0) {
        TaskEnd end = new TaskEnd(task, h, o, ignore, false);
        TaskStages.ALL.forEach(stage -> stage.finish(end));
        h.count(o.status(), o.failed() && ignore);
        lines.report(new ResultAt(h.name(), name, task.location(), null), o, showsDiff(task), o.failed() && ignore, t0,
                noLog || hidden(o));
    }

    /** An include whose conditions are false on {@code h}: skipped there. */
    void includeSkipped(HostState h, Include include, long t0) {
        h.count(Status.SKIPPED, false);
        lines.report(new ResultAt(h.name(), includeName(include), include.location(), null),
                TaskOutcome.skipped(ModuleResult.valuesInOrder("changed", false, "skipped", true, "skip_reason",
                        "Conditional result was False")), false, false, t0, false);
    }

    /** An include that names {@code files} on {@code h} (one per loop item). */
    void included(HostState h, Include include, List<String> files, long t0) {
        h.count(Status.OK, false);
        if (include.ofRole()) {
            return; // as ansible-playbook: an included role shows its tasks, not an "included:" line
        }
        lines.report(new ResultAt(h.name(), includeName(include), include.location(), null),
                new TaskOutcome(false, false, null, List.of(), ModuleResult.valuesInOrder("changed", false,
                        "include", files.size() == 1 ? files.get(0) : files), false), false, false, t0, false);
    }

    /** An include that failed on {@code h}: its file is missing or does not read, its condition or name is wrong. */
    void includeFailed(HostState h, Include include, KvmforgeException e, long t0) {
        boolean fails = !Boolean.TRUE.equals(include.options().ignoreErrors());
        String message = e.at(new Where(include.location(), include.name(), h.name())).getMessage();
        synchronized (h) {
            if (fails) {
                h.failed = true;
                h.failedTask = Map.of("name", include.name(), "action", include.kind());
                h.failedResult = TaskOutcome.failed(message).values();
            }
        }
        h.count(Status.FAILED, !fails);
        lines.report(new ResultAt(h.name(), includeName(include), include.location(), null),
                TaskOutcome.failed(message), false, !fails, t0, false);
    }

    private static String includeName(Include include) {
        return include.role() == null ? include.name() : include.role().qualify(include.name());
    }

    /** {@code h} leaves the run: it could not be reached. */
    private void unreachable(HostState h, String task, SourceLocation at, UnreachableException e, long t0) {
        h.unreachable = true;
        h.count(Status.UNREACHABLE, false);
        lines.unreachable(h.name(), task, at, e, t0);
    }

    /** {@code e} placed once: at the argument it is about, or the task, with the task's name and the host. */
    private static KvmforgeException placed(KvmforgeException e, Task task, HostState h) {
        SourceLocation at = e instanceof BadParameter b && b.parameter() != null ? task.argLocation(b.parameter())
                : task.location();
        return e.at(new Where(at, task.name(), h.name()));
    }

    private static String message(KvmforgeException e) {
        return e.getMessage();
    }
}
