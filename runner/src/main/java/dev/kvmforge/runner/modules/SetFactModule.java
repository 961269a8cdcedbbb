package dev.kvmforge.runner.modules;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code set_fact}: sets variables on the host for the rest of the run. */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class SetFactModule implements Module<Map> {

    @Override
    public String name() {
        return "set_fact";
    }

    @Override
    public Class<Map> parameters() {
        return Map.class;
    }

    @Override
    public boolean readOnly() {
        return true;
    }

    @Override
    public Plan plan(ModuleContext context, Map params) {
        Map<String, Object> facts = new LinkedHashMap<>(params);
        facts.remove("cacheable");
        return Plan.none(Map.of("ansible_facts", facts));
    }

    @Override
    public ModuleResult apply(ModuleContext context, Map params, Plan plan) {
        return ModuleResult.of(plan);
    }
}
