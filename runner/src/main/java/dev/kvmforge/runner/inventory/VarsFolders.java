package dev.kvmforge.runner.inventory;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.SourceLocation;
import dev.kvmforge.runner.error.Suggestions;
import dev.kvmforge.runner.yaml.Yaml;
import dev.kvmforge.runner.yaml.YamlMap;
import dev.kvmforge.runner.yaml.YamlNode;
import dev.kvmforge.runner.yaml.YamlScalar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code group_vars/} and {@code host_vars/} folders beside an inventory, read as Ansible's
 * {@code host_group_vars} plugin does: for a group or host named N, the first of {@code N}, {@code N.yml},
 * {@code N.yaml}, {@code N.json} that exists; when it is a folder, every YAML file in it (recursively, in name order,
 * later files winning). Each file must be a mapping. An entry that names no group or host is not an error (the folder
 * may be shared by several inventories) but it is reported as a warning, with a "did you mean".
 */
final class VarsFolders {

    static final List<String> EXTENSIONS = List.of("", ".yml", ".yaml", ".json");

    private VarsFolders() {
    }

    /** Applies {@code base/group_vars} and {@code base/host_vars} of an inventory to {@code raw}. */
    static void apply(Path base, RawInventory raw) {
        apply(base, raw, false);
    }

    /**
     * Applies {@code base/group_vars} and {@code base/host_vars} to {@code raw}: an inventory's, or with
     * {@code playbook} those beside the playbook, which rank above the inventory's.
     */
    static void apply(Path base, RawInventory raw, boolean playbook) {
        if (playbook) {
            raw.playbookBase = base;
        }
        Path groupVars = base.resolve("group_vars");
        if (Files.isDirectory(groupVars)) {
            for (RawInventory.RawGroup g : raw.groups.values()) {
                (playbook ? g.playbookFileVars : g.fileVars).putAll(read(groupVars, g.name, "group_vars"));
            }
            warnUnknown(groupVars, raw.groups.keySet(), "group", raw);
        }
        Path hostVars = base.resolve("host_vars");
        if (Files.isDirectory(hostVars)) {
            for (RawInventory.RawHost h : raw.hosts.values()) {
                (playbook ? h.playbookFileVars : h.fileVars).putAll(read(hostVars, h.name, "host_vars"));
            }
            if (!raw.hosts.containsKey(Inventory.LOCALHOST)) {
                Map<String, Object> local = read(hostVars, Inventory.LOCALHOST, "host_vars");
                if (!local.isEmpty()) {
                    (playbook ? raw.undeclaredHostPlaybookVars : raw.undeclaredHostFileVars).computeIfAbsent(Inventory.LOCALHOST, k -> new LinkedHashMap<>()).putAll(local);
                }
            }
            List<String> known = new ArrayList<>(raw.hosts.keySet());
            known.add(Inventory.LOCALHOST);
            warnUnknown(hostVars, known, "host", raw);
        }
    }

    private static Map<String, Object> read(Path folder, String name, String kind) {
        Map<String, Object> vars = new LinkedHashMap<>();
        for (String ext : EXTENSIONS) {
            Path candidate = folder.resolve(name + ext);
            if (Files.isDirectory(candidate)) {
                for (Path file : filesIn(candidate)) {
                    vars.putAll(readFile(file, kind));
                }
                break;
            }
            if (Files.isRegularFile(candidate)) {
                vars.putAll(readFile(candidate, kind));
                break;
            }
        }
        return vars;
    }

    private static List<Path> filesIn(Path dir) {
        List<Path> out = new ArrayList<>();
        for (Path p : list(dir)) {
            String n = p.getFileName().toString();
            if (n.startsWith(".") || n.endsWith("~")) {
                continue;
            }
            if (Files.isDirectory(p)) {
                out.addAll(filesIn(p));
            } else if (EXTENSIONS.contains(extension(n))) {
                out.add(p);
            }
        }
        return out;
    }

    /** One variables file: a YAML mapping (an empty file is an empty one). */
    static Map<String, Object> readFile(Path file, String kind) {
        String text = InventorySources.readText(file);
        if (text.startsWith("$ANSIBLE_VAULT")) {
            throw KvmforgeException.parse(new SourceLocation(file.toString(), 1, 1),
                    "vault-encrypted " + kind + " files are not supported", "decrypt it with 'ansible-vault decrypt'");
        }
        YamlNode node = Yaml.read(text, file.toString());
        if (node instanceof YamlScalar s && s.value() == null) {
            return Map.of();
        }
        if (!(node instanceof YamlMap map)) {
            throw KvmforgeException.parse(node.location(), kind + " file must be a mapping of variable names to values, found "
                    + node.describe(), "write 'name: value' lines at the top level of the file");
        }
        return map.toPlain();
    }

    private static void warnUnknown(Path folder, Collection<String> names, String noun, RawInventory raw) {
        for (Path p : list(folder)) {
            String n = p.getFileName().toString();
            if (n.startsWith(".") || n.endsWith("~")) {
                continue;
            }
            String ext = Files.isDirectory(p) ? "" : extension(n);
            if (!EXTENSIONS.contains(ext)) {
                continue;
            }
            String entity = n.substring(0, n.length() - ext.length());
            if (!names.contains(entity)) {
                List<String> near = Suggestions.nearest(entity, names);
                raw.warnings.add(p + ": no " + noun + " named '" + entity + "' in the inventory, so it is not used"
                        + (near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?"));
            }
        }
    }

    static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot <= 0 ? "" : fileName.substring(dot);
    }

    static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw KvmforgeException.parse(SourceLocation.file(dir), "cannot list " + dir + ": " + e.getMessage(), null);
        }
    }
}
