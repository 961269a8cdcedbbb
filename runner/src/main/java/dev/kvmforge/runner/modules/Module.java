package dev.kvmforge.runner.modules;

import java.util.List;

/**
 * A module: parameters ({@code P}, a record), a {@link #plan} that only reads the host, and an {@link #apply} that
 * carries the plan out.
 *
 * <p>Contract: {@code plan} never changes the host; an empty plan means {@code ok}; {@code apply} of a plan made a
 * moment ago does exactly what it lists; a second run of the same task plans nothing. A module that changes nothing
 * is a {@link ReadOnlyModule}. The executor and the tests call modules through {@link ModuleInvocation}.
 *
 * @param <P> the parameter record; its components are the module's keys in snake_case
 */
public interface Module<P> {

    /** The name used in playbooks, such as {@code copy}. */
    String name();

    /** The parameter record's class. */
    Class<P> parameters();

    /**
     * The rules across this module's parameters ({@code required_one_of}, {@code mutually_exclusive}...), checked
     * by {@link Parameters#bind} before the parameter record is built; none by default.
     */
    default ParameterRules rules() {
        return ParameterRules.NONE;
    }

    /** Other names that mean this module ({@code ansible.builtin.copy} is added for every module automatically). */
    default List<String> aliases() {
        return List.of();
    }

    /**
     * For modules that take a free-form string ({@code command: ls -l}): the parameter it goes to; {@code null} for
     * modules that take only a mapping (or Ansible's {@code key=value} short form). In free-form text a word
     * {@code key=value} naming one of the other parameters ({@code chdir=/tmp}) is that parameter; every other word,
     * {@code cmd=...} included, is part of the text, as in Ansible.
     */
    default String freeFormParameter() {
        return null;
    }

    /**
     * Whether the module can say in check mode what it would do; false for one whose outcome exists only once it ran
     * ({@code tempfile}: the name it picks). In check mode such a task is skipped, as Ansible skips a module without
     * check-mode support. True by default.
     */
    default boolean supportsCheckMode() {
        return true;
    }

    /**
     * Whether the module reaches the host itself, through {@link ModuleContext#reconnect}, because the host may not
     * answer when the task starts ({@code wait_for_connection}) or stops answering while it runs ({@code reboot}):
     * the run then does not count the host unreachable before the module had its say. False by default.
     */
    default boolean reachesHostItself() {
        return false;
    }

    /**
     * Whether a task of this module runs once for the whole batch, on its first host, as if it said
     * {@code run_once: true} ({@code add_host}: Ansible's "bypass host loop"). False by default.
     */
    default boolean runsOnce() {
        return false;
    }

    /** Reads the host and says what would change. Must not change the host. */
    Plan plan(ModuleContext context, P params);

    /** Carries out {@code plan}; called only when the plan is not empty and not in check mode. */
    ModuleResult apply(ModuleContext context, P params, Plan plan);

    /**
     * The result for a plan that is not carried out: check mode, or an empty plan. By default: changed exactly when the
     * plan has changes, with the plan's diffs and values.
     */
    default ModuleResult planned(ModuleContext context, P params, Plan plan) {
        return ModuleResult.of(plan);
    }
}
