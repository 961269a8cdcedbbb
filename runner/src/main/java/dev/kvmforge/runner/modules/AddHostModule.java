package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.error.ErrorKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code add_host}: adds a host (or updates one) in the run's inventory, for the plays that follow: {@code name}
 * ({@code host}, {@code hostname}; {@code name:port} sets {@code ansible_port}), {@code groups} ({@code group},
 * {@code groupname}; a list or a comma-separated string), and every other argument as a host variable. As in Ansible
 * it runs once for the whole batch, in check mode too, and reports {@code changed} when the inventory changed. The
 * inventory files are not written. It returns {@code add_host}: {@code host_name}, {@code groups}, {@code host_vars};
 * the executor adds it.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class AddHostModule implements ReadOnlyModule<Map> {

    private static final Set<String> NAMES = Set.of("name", "host", "hostname");
    private static final Set<String> GROUPS = Set.of("groups", "group", "groupname");
    /** {@code host:port}, {@code [v6]:port}: a port Ansible's parse_address finds. */
    private static final Pattern WITH_PORT = Pattern.compile("^(\\[[^]]+]|[^:\\[\\]]+):(\\d+)$");
    private static final ParameterRules RULES = ParameterRules.NONE.requiredOneOf(List.of("name", "host", "hostname"),
            "the name of the host to add");

    @Override
    public String name() {
        return "add_host";
    }

    @Override
    public Class<Map> parameters() {
        return Map.class;
    }

    @Override
    public ParameterRules rules() {
        return RULES;
    }

    @Override
    public boolean runsOnce() {
        return true;
    }

    @Override
    public ModuleResult read(ModuleContext context, Map params) {
        Map<String, Object> args = params;
        String name = null;
        Object groups = null;
        Map<String, Object> hostVars = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : args.entrySet()) {
            if (NAMES.contains(e.getKey())) {
                name = name == null ? String.valueOf(e.getValue()).strip() : name;
            } else if (GROUPS.contains(e.getKey())) {
                groups = groups == null ? e.getValue() : groups;
            } else {
                hostVars.put(e.getKey(), e.getValue());
            }
        }
        if (name == null || name.isEmpty()) {
            throw new BadParameter(ErrorKind.TASK, "module 'add_host': the host's name is empty",
                    "give name: the inventory name of the host to add", List.of("name"));
        }
        if (groups instanceof Map) {
            throw new BadParameter(ErrorKind.TASK, "module 'add_host': 'groups' must be a list or a comma-separated"
                    + " string, not a mapping", "write groups: [web, db] or groups: web,db", List.of("groups"));
        }
        Matcher m = WITH_PORT.matcher(name);
        if (m.matches()) {
            name = m.group(1).replaceAll("^\\[|]$", "");
            hostVars.put("ansible_port", Integer.parseInt(m.group(2)));
        }
        List<String> groupNames = UserModule.Groups.of(groups).names();
        return ModuleResult.ok(ModuleResult.valuesInOrder("add_host", ModuleResult.valuesInOrder(
                "host_name", name, "groups", groupNames, "host_vars", hostVars)));
    }
}
