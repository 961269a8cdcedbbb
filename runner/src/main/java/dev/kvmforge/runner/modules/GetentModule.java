package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code getent}: entries of a name service database of the host ({@code passwd}, {@code group}, {@code hosts},
 * {@code services}...), as the fact {@code getent_DATABASE}: each entry's first field mapped to its other fields
 * (split at {@code :} for passwd, shadow, group and gshadow, at blanks otherwise, or at {@code split}); a key listed
 * twice maps to the list of its entries. A missing {@code key} fails unless {@code fail_key: false}. Changes nothing.
 */
public final class GetentModule implements ReadOnlyModule<GetentModule.Params> {

    /**
     * @param database the database, such as passwd
     * @param key      the entry to look up (default: all of them)
     * @param service  the NSS service to use ({@code -s})
     * @param split    the field separator instead of the database's
     * @param failKey  fail when {@code key} is not found (default true)
     */
    public record Params(String database, String key, String service, String split, Boolean failKey) {
    }

    private static final Set<String> COLON = Set.of("passwd", "shadow", "group", "gshadow");
    private static final ParameterRules RULES = ParameterRules.NONE.required("database", "such as passwd or group");

    @Override
    public String name() {
        return "getent";
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
        List<String> argv = new ArrayList<>(List.of("getent", p.database()));
        if (p.key() != null) {
            argv.add(p.key());
        }
        if (p.service() != null) {
            argv.addAll(List.of("-s", p.service()));
        }
        ExecResult r = context.host().run(Shell.command(argv));
        String fact = "getent_" + p.database();
        Map<String, Object> entries = new LinkedHashMap<>();
        String split = p.split() != null ? p.split() : COLON.contains(p.database()) ? ":" : null;
        switch (r.exitStatus()) {
            case 0 -> {
                Map<String, Integer> seen = new HashMap<>();
                for (String line : r.stdout().split("\n")) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    List<String> record = split == null ? Arrays.asList(line.strip().split("\\s+"))
                            : Arrays.asList(line.split(java.util.regex.Pattern.quote(split), -1));
                    String k = record.get(0);
                    List<String> rest = List.copyOf(record.subList(1, record.size()));
                    int n = seen.merge(k, 1, Integer::sum);
                    if (n == 1) {
                        entries.put(k, rest);
                    } else {
                        List<Object> all = new ArrayList<>();
                        if (n == 2) {
                            all.add(entries.get(k));
                        } else {
                            all.addAll((List<?>) entries.get(k));
                        }
                        all.add(rest);
                        entries.put(k, all);
                    }
                }
                return ModuleResult.ok(Map.of("ansible_facts", Map.of(fact, entries)));
            }
            case 2 -> {
                String msg = "One or more supplied key could not be found in the database.";
                if (Boolean.FALSE.equals(p.failKey())) {
                    Map<String, Object> missing = new HashMap<>();
                    missing.put(p.key(), null);
                    return ModuleResult.ok(msg, Map.of("ansible_facts", Map.of(fact, missing)));
                }
                return ModuleResult.failed(msg, Map.of());
            }
            case 1 -> {
                return ModuleResult.failed("Missing arguments, or database unknown.", Map.of());
            }
            case 3 -> {
                return ModuleResult.failed("Enumeration not supported on this database.", Map.of());
            }
            default -> {
                return ModuleResult.failed("getent failed (exit " + r.exitStatus() + "): " + r.stderr().strip(),
                        Map.of());
            }
        }
    }
}
