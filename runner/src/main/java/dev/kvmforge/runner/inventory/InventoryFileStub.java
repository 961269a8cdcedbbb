package dev.kvmforge.runner.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.SourceLocation;
import dev.kvmforge.runner.yaml.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * STUB until the inventory branch lands with the real {@code Inventory.load}, {@code toAnsibleJson} and
 * {@code graph}: reads a YAML inventory ({@code all: {hosts, children, vars}}) or a plain INI one ({@code [group]},
 * {@code host key=value}, {@code [group:children]}, {@code [group:vars]}); no host_vars/, no patterns, no ranges.
 * Delete this file when merging the inventory branch.
 */
final class InventoryFileStub {

    private InventoryFileStub() {
    }

    static Inventory load(Path path) {
        if (!Files.isRegularFile(path)) {
            throw KvmforgeException.parse(null, "inventory not found: " + path, "check the path given to -i");
        }
        Builder b = new Builder();
        String name = path.getFileName().toString();
        if (name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".json")) {
            Object root = Yaml.read(path).toPlain();
            if (root instanceof Map<?, ?> m) {
                m.forEach((g, body) -> b.yamlGroup(String.valueOf(g), body, null));
            }
        } else {
            b.ini(path);
        }
        return b.build();
    }

    static String toAnsibleJson(Inventory inv) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> hostvars = new LinkedHashMap<>();
        inv.hosts().forEach(h -> hostvars.put(h.name(), h.vars()));
        out.put("_meta", Map.of("hostvars", hostvars));
        inv.groups().forEach((name, g) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            if (!g.children().isEmpty()) {
                body.put("children", g.children());
            }
            if (!g.hosts().isEmpty() && !name.equals("all")) {
                body.put("hosts", g.hosts());
            }
            out.put(name, body);
        });
        try {
            return Yaml.binder().writerWithDefaultPrettyPrinter().writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String graph(Inventory inv) {
        StringBuilder b = new StringBuilder("@all:\n");
        graph(inv, "all", "", b);
        return b.toString();
    }

    private static void graph(Inventory inv, String group, String indent, StringBuilder b) {
        Group g = inv.groups().get(group);
        for (String child : g.children()) {
            b.append(indent).append("  |--@").append(child).append(":\n");
            graph(inv, child, indent + "  |", b);
        }
        if (!group.equals("all")) {
            for (String h : g.hosts()) {
                b.append(indent).append("  |--").append(h).append('\n');
            }
        }
    }

    private static final class Builder {
        final Map<String, Map<String, Object>> hostVars = new LinkedHashMap<>();
        final Map<String, List<String>> groupHosts = new LinkedHashMap<>();
        final Map<String, Set<String>> groupChildren = new LinkedHashMap<>();
        final Map<String, Map<String, Object>> groupVars = new LinkedHashMap<>();

        void group(String g) {
            groupHosts.computeIfAbsent(g, k -> new ArrayList<>());
            groupChildren.computeIfAbsent(g, k -> new LinkedHashSet<>());
            groupVars.computeIfAbsent(g, k -> new LinkedHashMap<>());
        }

        void host(String g, String h, Map<?, ?> vars) {
            group(g);
            hostVars.computeIfAbsent(h, k -> new LinkedHashMap<>());
            if (vars != null) {
                vars.forEach((k, v) -> hostVars.get(h).put(String.valueOf(k), v));
            }
            if (!groupHosts.get(g).contains(h)) {
                groupHosts.get(g).add(h);
            }
        }

        void yamlGroup(String g, Object body, String parent) {
            group(g);
            if (parent != null) {
                groupChildren.get(parent).add(g);
            }
            if (!(body instanceof Map<?, ?> m)) {
                return;
            }
            if (m.get("hosts") instanceof Map<?, ?> hosts) {
                hosts.forEach((h, v) -> host(g, String.valueOf(h), v instanceof Map<?, ?> vm ? vm : null));
            }
            if (m.get("vars") instanceof Map<?, ?> vars) {
                vars.forEach((k, v) -> groupVars.get(g).put(String.valueOf(k), v));
            }
            if (m.get("children") instanceof Map<?, ?> children) {
                children.forEach((c, cb) -> yamlGroup(String.valueOf(c), cb, g));
            }
        }

        void ini(Path path) {
            List<String> lines;
            try {
                lines = Files.readAllLines(path);
            } catch (IOException e) {
                throw KvmforgeException.parse(SourceLocation.file(path), "cannot read inventory: " + e.getMessage(),
                        null);
            }
            String section = "ungrouped";
            for (String raw : lines) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                    continue;
                }
                if (line.startsWith("[") && line.endsWith("]")) {
                    section = line.substring(1, line.length() - 1);
                    group(section.split(":")[0]);
                    continue;
                }
                String[] words = line.split("\\s+");
                if (section.endsWith(":children")) {
                    String g = section.substring(0, section.length() - ":children".length());
                    group(words[0]);
                    groupChildren.get(g).add(words[0]);
                } else if (section.endsWith(":vars")) {
                    String[] kv = line.split("=", 2);
                    groupVars.get(section.substring(0, section.length() - ":vars".length()))
                            .put(kv[0].strip(), kv.length > 1 ? kv[1].strip() : "");
                } else {
                    Map<String, Object> vars = new LinkedHashMap<>();
                    for (int i = 1; i < words.length; i++) {
                        String[] kv = words[i].split("=", 2);
                        vars.put(kv[0], kv.length > 1 ? kv[1] : "");
                    }
                    host(section, words[0], vars);
                }
            }
        }

        Inventory build() {
            group("all");
            group("ungrouped");
            Set<String> grouped = new LinkedHashSet<>();
            groupHosts.forEach((g, hs) -> {
                if (!g.equals("all") && !g.equals("ungrouped")) {
                    grouped.addAll(hs);
                }
            });
            for (String h : hostVars.keySet()) {
                if (!grouped.contains(h) && !groupHosts.get("ungrouped").contains(h)) {
                    groupHosts.get("ungrouped").add(h);
                }
            }
            Set<String> isChild = new LinkedHashSet<>();
            groupChildren.values().forEach(isChild::addAll);
            for (String g : groupHosts.keySet()) {
                if (!g.equals("all") && !isChild.contains(g)) {
                    groupChildren.get("all").add(g);
                }
            }
            groupChildren.get("all").remove("ungrouped");
            List<String> allChildren = new ArrayList<>();
            allChildren.add("ungrouped");
            allChildren.addAll(groupChildren.get("all"));
            groupChildren.put("all", new LinkedHashSet<>(allChildren));
            if (groupHosts.get("ungrouped").isEmpty()) {
                groupChildren.get("all").remove("ungrouped");
            }
            Map<String, Group> groups = new LinkedHashMap<>();
            groupHosts.forEach((g, hs) -> groups.put(g, new Group(g,
                    g.equals("all") ? List.copyOf(hostVars.keySet()) : hs,
                    List.copyOf(groupChildren.get(g)), groupVars.get(g))));
            Map<String, InventoryHost> hosts = new LinkedHashMap<>();
            for (String h : hostVars.keySet()) {
                Set<String> memberOf = new TreeSet<>();
                for (String g : groups.keySet()) {
                    if (!g.equals("all") && contains(groups, g, h)) {
                        memberOf.add(g);
                    }
                }
                Map<String, Object> vars = new LinkedHashMap<>(groupVars.get("all"));
                memberOf.forEach(g -> vars.putAll(groupVars.get(g)));
                vars.putAll(hostVars.get(h));
                hosts.put(h, new InventoryHost(h, vars, List.copyOf(memberOf)));
            }
            return new Inventory(hosts, groups);
        }

        private static boolean contains(Map<String, Group> groups, String g, String h) {
            Group group = groups.get(g);
            return group.hosts().contains(h) || group.children().stream().anyMatch(c -> contains(groups, c, h));
        }
    }
}
