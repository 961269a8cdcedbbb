package dev.kvmforge.runner.inventory;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.SourceLocation;
import dev.kvmforge.runner.error.Suggestions;
import dev.kvmforge.runner.yaml.YamlMap;
import dev.kvmforge.runner.yaml.YamlNode;
import dev.kvmforge.runner.yaml.YamlScalar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an inventory in Ansible's YAML format into a {@link RawInventory}: top-level keys are groups (usually just
 * {@code all}); a group is a mapping with {@code hosts} (host name to its variables or nothing), {@code vars} and
 * {@code children} (group name to group). Host names take ranges and {@code :port} as in INI files. Unlike Ansible,
 * which warns and skips, any other key or a value of the wrong shape is an error.
 */
final class YamlInventory {

    private static final List<String> GROUP_KEYS = List.of("hosts", "vars", "children");

    private final RawInventory raw;

    private YamlInventory(RawInventory raw) {
        this.raw = raw;
    }

    static void read(YamlNode root, RawInventory raw) {
        if (root instanceof YamlScalar s && s.value() == null) {
            return;
        }
        if (!(root instanceof YamlMap top)) {
            throw KvmforgeException.parse(root.location(), "a YAML inventory is a mapping of groups, found " + root.describe(),
                    "start with 'all:' and put 'hosts:', 'vars:' and 'children:' under it");
        }
        if (top.has("plugin")) {
            throw KvmforgeException.parse(top.keyLocation("plugin"), "inventory plugin configurations are not supported",
                    "list the hosts in an INI or YAML inventory");
        }
        YamlInventory reader = new YamlInventory(raw);
        for (String group : top.keys()) {
            if (GROUP_KEYS.contains(group) && !raw.hasGroup(group)) {
                throw KvmforgeException.parse(top.keyLocation(group), "'" + group + ":' at the top of a YAML inventory",
                        "top-level keys are groups: put '" + group + ":' under 'all:'");
            }
            reader.group(group, top.entries().get(group), top.keyLocation(group));
        }
    }

    private void group(String name, YamlNode node, SourceLocation at) {
        if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw KvmforgeException.parse(at, "bad group name '" + name + "'", "a group name is one word");
        }
        raw.group(name);
        if (node instanceof YamlScalar s && s.value() == null) {
            return;
        }
        if (!(node instanceof YamlMap map)) {
            throw KvmforgeException.parse(node.location(), "group '" + name + "' must be a mapping, found " + node.describe(),
                    "a group holds 'hosts:', 'vars:' and 'children:'");
        }
        for (String key : map.keys()) {
            SourceLocation keyAt = map.keyLocation(key);
            if (!GROUP_KEYS.contains(key)) {
                throw KvmforgeException.parse(keyAt, "unexpected key '" + key + "' in group '" + name + "'",
                        Suggestions.hint(key, GROUP_KEYS, "keys") + " (hosts go under 'hosts:', groups under 'children:')");
            }
            Map<String, NodeAt> section = section(name, key, map.entries().get(key));
            switch (key) {
                case "vars" -> section.forEach((var, v) -> raw.setGroupVar(name, var, v.node() == null ? null
                        : v.node().toPlain(), v.at()));
                case "children" -> section.forEach((child, v) -> {
                    group(child, v.node() == null ? new YamlScalar(null, v.at()) : v.node(), v.at());
                    raw.addChild(name, child, v.at());
                });
                default -> section.forEach((host, v) -> host(name, host, v));
            }
        }
    }

    private void host(String group, String text, NodeAt v) {
        HostDeclaration declared;
        try {
            declared = HostDeclaration.parse(text);
        } catch (BadSyntax e) {
            throw e.at(v.at());
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        if (declared.port() != null) {
            vars.put("ansible_port", declared.port().longValue());
        }
        if (v.node() != null && !(v.node() instanceof YamlScalar s && s.value() == null)) {
            if (!(v.node() instanceof YamlMap hostVars)) {
                throw KvmforgeException.parse(v.node().location(), "variables of host '" + text
                        + "' must be a mapping, found " + v.node().describe(),
                        "write 'name: value' lines under the host, or nothing");
            }
            vars.putAll(hostVars.toPlain());
        }
        for (String host : declared.names()) {
            raw.addHost(group, host, vars);
        }
    }

    private record NodeAt(YamlNode node, SourceLocation at) {
    }

    /** A hosts/vars/children section as name to value; a single string stands for one name with no value. */
    private Map<String, NodeAt> section(String group, String key, YamlNode node) {
        Map<String, NodeAt> out = new LinkedHashMap<>();
        if (node instanceof YamlScalar s && s.value() == null) {
            return out;
        }
        if (node instanceof YamlScalar s && s.value() instanceof String name) {
            out.put(name, new NodeAt(null, s.location()));
            return out;
        }
        if (!(node instanceof YamlMap map)) {
            throw KvmforgeException.parse(node.location(), "'" + key + "' of group '" + group + "' must be a mapping, found "
                    + node.describe(), switch (key) {
                        case "hosts" -> "write each host as a key ('web1:'), not as a list item ('- web1')";
                        case "children" -> "write each child group as a key ('web:'), not as a list item ('- web')";
                        default -> "write 'name: value' lines";
                    });
        }
        map.entries().forEach((k, v) -> out.put(k, new NodeAt(v, map.keyLocation(k))));
        return out;
    }
}
