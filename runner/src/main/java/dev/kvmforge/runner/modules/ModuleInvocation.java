package dev.kvmforge.runner.modules;

/**
 * One call of a module with bound parameters, the way the executor and the tests make it: a read-only module reads;
 * any other plans, then applies the plan unless the run is in check mode or the plan is empty (then the result is
 * the plan's, by {@link Module#planned}).
 *
 * @param plan    what the module planned (empty for a read-only module)
 * @param result  what the task reports
 * @param checked whether a plan with changes was left undone because of check mode (Ansible's {@code check_mode})
 * @param skipped whether the module did not run at all: check mode, for a module that
 *                {@linkplain Module#supportsCheckMode does not support it}; or a {@linkplain Module#planned planned
 *                result} that says {@code skipped} (a {@code command} in check mode, a {@code script} whose
 *                {@code creates} exists)
 */
public record ModuleInvocation(Plan plan, ModuleResult result, boolean checked, boolean skipped) {

    public ModuleInvocation(Plan plan, ModuleResult result, boolean checked) {
        this(plan, result, checked, false);
    }

    /** Calls {@code module} with {@code params} in {@code context}, which says whether this is check mode. */
    public static <P> ModuleInvocation of(Module<P> module, P params, ModuleContext context) {
        if (module instanceof ReadOnlyModule<P> reader) {
            return new ModuleInvocation(Plan.none(), reader.read(context, params), false);
        }
        if (context.checkMode() && !module.supportsCheckMode()) {
            return new ModuleInvocation(Plan.none(), ModuleResult.ok("remote module (" + module.name() + ") does not "
                    + "support check mode", java.util.Map.of("skipped", true)), false, true);
        }
        Plan plan = module.plan(context, params);
        if (plan.isEmpty() || context.checkMode()) {
            ModuleResult planned = module.planned(context, params, plan);
            boolean skipped = Boolean.TRUE.equals(planned.values().get("skipped"));
            return new ModuleInvocation(plan, planned, !plan.isEmpty() && !skipped, skipped);
        }
        return new ModuleInvocation(plan, module.apply(context, params, plan), false);
    }
}
