package dev.kvmforge.runner.modules;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code set_fact}: sets variables on the host for the rest of the run. */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class SetFactModule implements ReadOnlyModule<Map> {

    @Override
    public String name() {
        return "set_fact";
    }

    @Override
    public Class<Map> parameters() {
        return Map.class;
    }

    @Override
    public ModuleResult read(ModuleContext context, Map params) {
        Map<String, Object> facts = new LinkedHashMap<>(params);
        facts.remove("cacheable");
        return ModuleResult.ok(Map.of("ansible_facts", facts));
    }
}
