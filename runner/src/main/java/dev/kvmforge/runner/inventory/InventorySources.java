package dev.kvmforge.runner.inventory;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.SourceLocation;
import dev.kvmforge.runner.error.Suggestions;
import dev.kvmforge.runner.yaml.Yaml;
import dev.kvmforge.runner.yaml.YamlMap;
import dev.kvmforge.runner.yaml.YamlNode;
import dev.kvmforge.runner.yaml.YamlScalar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds and reads inventory sources: a file (INI or YAML, told apart by extension and then by content, as Ansible
 * tries its YAML plugin before its INI one) or a directory of them, then the {@code group_vars/} and
 * {@code host_vars/} folders beside each file or inside each directory.
 */
final class InventorySources {

    /** Extensions Ansible ignores in an inventory directory (REJECT_EXTS plus .orig, .cfg, .retry). */
    static final List<String> IGNORED_EXTENSIONS = List.of(".pyc", ".pyo", ".swp", ".bak", "~", ".rpm", ".md", ".txt",
            ".rst", ".orig", ".cfg", ".retry");
    static final Set<String> IGNORED_FOLDERS = Set.of("host_vars", "group_vars", "vars_plugins");
    private static final List<String> YAML_EXTENSIONS = List.of(".yml", ".yaml", ".json");
    private static final Pattern YAML_LOOK = Pattern.compile("^(---|[^\\s#;\\[=]+:\\s*(#.*)?$)");

    private InventorySources() {
    }

    static Inventory load(List<Path> sources) {
        List<Path> copy = List.copyOf(sources);
        return raw(copy).build(() -> raw(copy));
    }

    private static RawInventory raw(List<Path> sources) {
        RawInventory raw = new RawInventory();
        Set<Path> bases = new LinkedHashSet<>();
        for (Path source : sources) {
            if (!Files.exists(source)) {
                throw missing(source);
            }
            if (Files.isDirectory(source)) {
                readDirectory(source, raw);
                bases.add(source.toAbsolutePath().normalize());
            } else {
                readFile(source, raw);
                Path parent = source.toAbsolutePath().normalize().getParent();
                bases.add(parent == null ? Path.of("").toAbsolutePath() : parent);
            }
            raw.sources.add(source);
        }
        for (Path base : bases) {
            VarsFolders.apply(base, raw);
        }
        raw.bases.addAll(bases);
        return raw;
    }

    private static KvmforgeException missing(Path source) {
        Path parent = source.toAbsolutePath().normalize().getParent();
        String hint = "check the path given with -i"
                + (source.isAbsolute() ? "" : "; relative paths start at " + Path.of("").toAbsolutePath());
        if (parent != null && Files.isDirectory(parent)) {
            List<String> names = VarsFolders.list(parent).stream().map(p -> p.getFileName().toString()).toList();
            List<String> near = Suggestions.nearest(String.valueOf(source.getFileName()), names);
            if (!near.isEmpty()) {
                hint = "did you mean " + String.join(", ", near.stream().map(n -> parent.resolve(n).toString()).toList()) + "?";
            }
        } else if (parent != null) {
            hint = "the folder " + parent + " does not exist either; " + hint;
        }
        return KvmforgeException.options("inventory not found: " + source, hint);
    }

    private static void readDirectory(Path dir, RawInventory raw) {
        for (Path p : VarsFolders.list(dir)) {
            String name = p.getFileName().toString();
            if (name.startsWith(".") || ignored(name)) {
                continue;
            }
            if (Files.isDirectory(p)) {
                if (!IGNORED_FOLDERS.contains(name)) {
                    readDirectory(p, raw);
                }
            } else {
                readFile(p, raw);
            }
        }
    }

    private static boolean ignored(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return IGNORED_EXTENSIONS.stream().anyMatch(lower::endsWith);
    }

    private static void readFile(Path file, RawInventory raw) {
        read(readText(file), file.toString(), raw);
    }

    /** Reads one inventory text, INI or YAML, into {@code raw}. */
    static void read(String text, String source, RawInventory raw) {
        if (text.startsWith("$ANSIBLE_VAULT")) {
            throw KvmforgeException.parse(new SourceLocation(source, 1, 1), "vault-encrypted inventories are not supported",
                    "decrypt it with 'ansible-vault decrypt'");
        }
        if (text.startsWith("#!")) {
            throw KvmforgeException.parse(new SourceLocation(source, 1, 1),
                    "dynamic inventory scripts are not supported",
                    "run the script and save its hosts as an INI or YAML inventory");
        }
        String fileName = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
        String ext = VarsFolders.extension(fileName).toLowerCase(Locale.ROOT);
        if (YAML_EXTENSIONS.contains(ext)) {
            YamlInventory.read(Yaml.read(text, source), raw);
            return;
        }
        if (ext.equals(".ini")) {
            IniInventory.read(text, source, raw);
            return;
        }
        // no telling extension: YAML when it reads as a YAML inventory, INI otherwise
        YamlNode yaml = null;
        KvmforgeException yamlError = null;
        try {
            yaml = Yaml.read(text, source);
        } catch (KvmforgeException e) {
            yamlError = e;
        }
        if (yaml instanceof YamlMap map && !map.keys().isEmpty() && map.entries().values().stream()
                .allMatch(v -> v instanceof YamlMap || (v instanceof YamlScalar s && s.value() == null))) {
            YamlInventory.read(yaml, raw);
            return;
        }
        if (yamlError != null && looksLikeYaml(text)) {
            throw yamlError;
        }
        IniInventory.read(text, source, raw);
    }

    private static boolean looksLikeYaml(String text) {
        for (String line : text.split("\\R")) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#") || s.startsWith(";")) {
                continue;
            }
            return YAML_LOOK.matcher(s).find();
        }
        return false;
    }

    static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw KvmforgeException.parse(SourceLocation.file(file), "cannot read " + file + ": " + e.getMessage(),
                    "check that the file is readable UTF-8 text");
        }
    }
}
