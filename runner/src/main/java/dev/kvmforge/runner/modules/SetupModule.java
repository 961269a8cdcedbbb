package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.host.Facts;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code setup} (also {@code gather_facts}): gathers the host's facts again, as the play's "Gathering Facts" does,
 * and sets them ({@code ansible_facts}, and each as {@code ansible_NAME}). kvmforge's fact set is one small command,
 * so {@code gather_subset} is accepted and the whole set always comes; {@code filter} keeps the names matching its
 * patterns.
 */
public final class SetupModule implements ReadOnlyModule<SetupModule.Params> {

    /**
     * @param gatherSubset  Ansible's subsets ({@code all}, {@code min}, {@code !hardware}...): accepted, the whole set
     *                      comes
     * @param filter        glob patterns of the fact names to keep ({@code ansible_distribution*})
     * @param gatherTimeout seconds: accepted; the one command takes the task's time limit
     */
    public record Params(List<String> gatherSubset, List<String> filter, Integer gatherTimeout) {
        public Params {
            gatherSubset = gatherSubset == null ? List.of("all") : List.copyOf(gatherSubset);
            filter = filter == null ? List.of() : List.copyOf(filter);
        }
    }

    @Override
    public String name() {
        return "setup";
    }

    @Override
    public List<String> aliases() {
        return List.of("gather_facts");
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public ModuleResult read(ModuleContext context, Params p) {
        context.host().forgetFacts();
        Facts facts = context.host().facts();
        Map<String, Object> all = new LinkedHashMap<>();
        List<PathMatcher> keep = p.filter().stream().map(f -> FileSystems.getDefault().getPathMatcher("glob:" + f))
                .toList();
        facts.asAnsibleFacts().forEach((k, v) -> {
            if (keep.isEmpty() || keep.stream().anyMatch(m -> m.matches(Path.of("ansible_" + k)))) {
                all.put(k, v);
            }
        });
        Map<String, Object> set = new LinkedHashMap<>();
        all.forEach((k, v) -> set.put("ansible_" + k, v));
        Map<String, Object> merged = new LinkedHashMap<>();
        if (context.vars().get("ansible_facts") instanceof Map<?, ?> before) {
            before.forEach((k, v) -> merged.put(String.valueOf(k), v));
        }
        merged.putAll(all);
        set.put("ansible_facts", merged);
        return ModuleResult.ok(Map.of("ansible_facts", set));
    }
}
