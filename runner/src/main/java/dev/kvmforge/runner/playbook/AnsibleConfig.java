package dev.kvmforge.runner.playbook;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ansible.cfg}, found as Ansible finds it: {@code $ANSIBLE_CONFIG}, {@code ./ansible.cfg},
 * {@code ~/.ansible.cfg}, {@code /etc/ansible/ansible.cfg}, the first that exists; its sections as read (INI, with
 * {@code #} and {@code ;} comments). An environment variable {@code ANSIBLE_<KEY>} wins over the file.
 *
 * @param file     the file read, or null when there is none
 * @param sections section name to its keys and values
 */
public record AnsibleConfig(Path file, Map<String, Map<String, String>> sections) {

    /** No file: every setting at its default. */
    public static final AnsibleConfig NONE = new AnsibleConfig(null, Map.of());

    /** The configuration Ansible would read here, with this environment. */
    public static AnsibleConfig find(Map<String, String> env) {
        List<Path> candidates = new ArrayList<>();
        if (env.get("ANSIBLE_CONFIG") != null && !env.get("ANSIBLE_CONFIG").isBlank()) {
            Path p = Path.of(env.get("ANSIBLE_CONFIG"));
            candidates.add(Files.isDirectory(p) ? p.resolve("ansible.cfg") : p);
        }
        candidates.add(Path.of("ansible.cfg"));
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        candidates.add(Path.of(home, ".ansible.cfg"));
        candidates.add(Path.of("/etc/ansible/ansible.cfg"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return read(p.toAbsolutePath());
            }
        }
        return NONE;
    }

    /** Reads {@code file}. */
    public static AnsibleConfig read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new KvmforgeException(ErrorKind.OPTIONS, "cannot read " + file + ": " + e.getMessage(), null, null);
        }
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        String lastKey = null;
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1).strip(),
                        k -> new LinkedHashMap<>());
                lastKey = null;
                continue;
            }
            if (current != null && lastKey != null && Character.isWhitespace(raw.charAt(0))) {
                current.merge(lastKey, line, (a, b) -> a + "\n" + b); // a continuation line
                continue;
            }
            int eq = indexOfSeparator(line);
            if (current == null || eq < 0) {
                throw new KvmforgeException(ErrorKind.OPTIONS, file + ":" + (i + 1) + ": not a setting: '" + line
                        + "'", null, current == null ? "settings go under a section such as [defaults]"
                        : "write key = value");
            }
            lastKey = line.substring(0, eq).strip();
            current.put(lastKey, line.substring(eq + 1).strip());
        }
        return new AnsibleConfig(file, sections);
    }

    private static int indexOfSeparator(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        return eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
    }

    /** The settings kvmforge reads; any other one in the file is named in a warning. */
    static final Set<String> READ = Set.of("defaults.roles_path");

    /** A warning naming the file's settings that kvmforge does not read, or empty when it reads them all. */
    public Optional<String> ignoredSettings() {
        List<String> ignored = new ArrayList<>();
        sections.forEach((section, keys) -> keys.keySet().forEach(k -> {
            if (!READ.contains(section + "." + k)) {
                ignored.add("[" + section + "] " + k);
            }
        }));
        return ignored.isEmpty() ? Optional.empty() : Optional.of(file + ": kvmforge reads only roles_path from"
                + " ansible.cfg yet; these settings are not applied: " + String.join(", ", ignored)
                + " (give them as options or inventory variables)");
    }

    /** {@code key} of {@code [section]}: {@code ANSIBLE_<KEY>} from {@code env} first, then the file. */
    public Optional<String> get(String section, String key, Map<String, String> env) {
        String fromEnv = env.get("ANSIBLE_" + key.toUpperCase(java.util.Locale.ROOT));
        if (fromEnv != null) {
            return Optional.of(fromEnv);
        }
        return Optional.ofNullable(sections.getOrDefault(section, Map.of()).get(key));
    }

    /**
     * Where roles are looked for besides the playbook's {@code roles/}: {@code roles_path} ({@code ANSIBLE_ROLES_PATH}),
     * colon-separated, {@code ~} expanded, relative entries against the file's directory; Ansible's default when unset.
     */
    public List<Path> rolesPath(Map<String, String> env) {
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        String value = get("defaults", "roles_path", env)
                .orElse("~/.ansible/roles:/usr/share/ansible/roles:/etc/ansible/roles");
        List<Path> out = new ArrayList<>();
        for (String entry : value.split(":")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            if (e.equals("~") || e.startsWith("~/")) {
                e = home + e.substring(1);
            }
            Path p = Path.of(e);
            if (!p.isAbsolute()) {
                p = (file == null ? Path.of("") : file.getParent()).resolve(p);
            }
            out.add(p.toAbsolutePath().normalize());
        }
        return out;
    }
}
