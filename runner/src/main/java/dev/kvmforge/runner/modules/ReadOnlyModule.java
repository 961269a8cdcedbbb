package dev.kvmforge.runner.modules;

/**
 * A module that changes nothing ({@code debug}, {@code fail}, {@code assert}, {@code stat}, {@code set_fact},
 * {@code kvm_capable}): it has no plan to carry out, only a {@link #read} of the host or the variables, which runs in
 * check mode too. {@link ModuleInvocation} calls {@link #read} alone; the plan and apply of {@link Module} answer
 * with it, so that nothing else can drift from it.
 *
 * @param <P> the parameter record
 */
public interface ReadOnlyModule<P> extends Module<P> {

    /** Reads what the task asks about and says what it reports. Must not change the host. */
    ModuleResult read(ModuleContext context, P params);

    /** Nothing to plan: a read-only module's plan is always empty. */
    @Override
    default Plan plan(ModuleContext context, P params) {
        return Plan.none();
    }

    @Override
    default ModuleResult apply(ModuleContext context, P params, Plan plan) {
        return read(context, params);
    }

    @Override
    default ModuleResult planned(ModuleContext context, P params, Plan plan) {
        return read(context, params);
    }
}
