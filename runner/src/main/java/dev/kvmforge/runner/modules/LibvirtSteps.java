package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.libvirt.Libvirt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan of a community.libvirt module ({@code virt}, {@code virt_net}, {@code virt_pool}, {@code virt_volume}):
 * changes in words, each with the one libvirt call that carries it out, and the values the task returns. The plan
 * carries the steps as its intent, so {@link #apply} does exactly what check mode listed and reads nothing again.
 */
final class LibvirtSteps {

    /** One libvirt call. */
    @FunctionalInterface
    interface Call {
        void on(Libvirt libvirt);
    }

    private record Step(Change change, Call call) {
    }

    private final List<Step> steps = new ArrayList<>();
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    /** Adds a change: {@code summary} is what the plan says, {@code call} what carries it out. */
    LibvirtSteps add(String summary, Call call) {
        return add(Change.of(summary), call);
    }

    /** Adds a change with its diff. */
    LibvirtSteps add(Change change, Call call) {
        steps.add(new Step(change, call));
        return this;
    }

    /** A value the task returns (and {@code register} keeps). */
    LibvirtSteps value(String key, Object value) {
        values.put(key, value);
        return this;
    }

    /** A warning the task shows, as Ansible's {@code module.warn} does. */
    LibvirtSteps warn(String warning) {
        warnings.add(warning);
        return this;
    }

    boolean isEmpty() {
        return steps.isEmpty();
    }

    /** The plan: the changes in order, the values, and these steps for {@link #apply}. */
    Plan plan() {
        Map<String, Object> all = new LinkedHashMap<>(values);
        if (!warnings.isEmpty()) {
            all.put("warnings", List.copyOf(warnings));
        }
        return new Plan(steps.stream().map(Step::change).toList(), all).withIntent(this);
    }

    /** The plan {@code steps} make against libvirt at {@code uri} on the context's host. */
    static Plan plan(ModuleContext context, String uri, java.util.function.Function<Libvirt, LibvirtSteps> steps) {
        try (Libvirt libvirt = context.libvirt(uri)) {
            return steps.apply(libvirt).plan();
        }
    }

    /** Carries out the steps of {@code plan} in order, on libvirt at {@code uri}. */
    static ModuleResult apply(ModuleContext context, String uri, Plan plan) {
        LibvirtSteps s = plan.intent(LibvirtSteps.class)
                .orElseThrow(() -> new IllegalStateException("a plan without its steps"));
        try (Libvirt libvirt = context.libvirt(uri)) {
            for (Step step : s.steps) {
                step.call().on(libvirt);
            }
        }
        return ModuleResult.of(plan);
    }

    /** libvirt's {@code yes}/{@code no}, as the collection's facts write booleans. */
    static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}
