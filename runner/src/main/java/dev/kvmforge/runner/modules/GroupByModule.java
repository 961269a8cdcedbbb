package dev.kvmforge.runner.modules;

import java.util.List;

/**
 * {@code group_by}: puts each host of the play in the group {@code key} names (usually a template of its facts, such
 * as {@code os_{{ ansible_distribution }}}; blanks become {@code -}), a child of {@code parents} (default
 * {@code all}), in the run's inventory, for the plays that follow. Runs in check mode too; {@code changed} when the
 * inventory changed. It returns {@code add_group} and {@code parent_groups}; the executor adds them.
 */
public final class GroupByModule implements ReadOnlyModule<GroupByModule.Params> {

    /**
     * @param key     the group's name
     * @param parents the groups it goes in (a list, or one name; default {@code all})
     */
    public record Params(String key, List<String> parents) {
    }

    private static final ParameterRules RULES = ParameterRules.NONE.required("key", "the name of the group");

    @Override
    public String name() {
        return "group_by";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public ParameterRules rules() {
        return RULES;
    }

    @Override
    public ModuleResult read(ModuleContext context, Params p) {
        List<String> parents = p.parents() == null || p.parents().isEmpty() ? List.of("all")
                : p.parents().stream().map(GroupByModule::groupName).toList();
        return ModuleResult.ok(ModuleResult.valuesInOrder("add_group", groupName(p.key()), "parent_groups", parents));
    }

    private static String groupName(String s) {
        return s.strip().replace(' ', '-');
    }
}
