package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.connection.LocalConnection;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.template.Templar;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs one module on the local host the way the executor does: binds the arguments with {@link Parameters#bind} and
 * calls it through the executor's own {@link ModuleInvocation}.
 *
 * @param plan   what the module planned
 * @param result what the task reports
 */
record TaskRun(Plan plan, ModuleResult result) {

    static final Host LOCAL = new Host("local", new LocalConnection());
    static final Templar TEMPLAR = new Templar();

    static <P> TaskRun run(Module<P> module, Map<String, Object> args) {
        return run(module, args, false, Map.of(), null);
    }

    static <P> TaskRun check(Module<P> module, Map<String, Object> args) {
        return run(module, args, true, Map.of(), null);
    }

    static <P> TaskRun run(Module<P> module, Map<String, Object> args, boolean check, Map<String, Object> vars,
                           Path playbookDir) {
        P params = Parameters.bind(module, args);
        ModuleContext context = new ModuleContext(LOCAL, check, vars, TEMPLAR, playbookDir);
        ModuleInvocation invoked = ModuleInvocation.of(module, params, context);
        return new TaskRun(invoked.plan(), invoked.result());
    }

    boolean changed() {
        return result.changed();
    }

    List<String> summaries() {
        return plan.changes().stream().map(Change::summary).toList();
    }

    List<Diff> diffs() {
        return result.diffs();
    }
}
