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
 * @param base     where relative paths of settings start: the file's directory, else the working directory
 */
public record AnsibleConfig(Path file, Map<String, Map<String, String>> sections, Path base) {

    /** No file: every setting at its default. */
    public static final AnsibleConfig NONE = new AnsibleConfig(null, Map.of());

    public AnsibleConfig {
        base = (base != null ? base : file != null && file.toAbsolutePath().getParent() != null
                ? file.toAbsolutePath().getParent() : Path.of("")).toAbsolutePath();
    }

    /** The settings of {@code file} (null: none), relative paths starting at its directory. */
    public AnsibleConfig(Path file, Map<String, Map<String, String>> sections) {
        this(file, sections, null);
    }

    /** The configuration Ansible would read in this process's working directory, with this environment. */
    public static AnsibleConfig find(Map<String, String> env) {
        return find(env, Path.of(""));
    }

    /** The configuration Ansible would read in {@code workingDirectory}, with this environment. */
    public static AnsibleConfig find(Map<String, String> env, Path workingDirectory) {
        Path here = workingDirectory.toAbsolutePath();
        List<Path> candidates = new ArrayList<>();
        if (env.get("ANSIBLE_CONFIG") != null && !env.get("ANSIBLE_CONFIG").isBlank()) {
            Path p = here.resolve(env.get("ANSIBLE_CONFIG"));
            candidates.add(Files.isDirectory(p) ? p.resolve("ansible.cfg") : p);
        }
        candidates.add(here.resolve("ansible.cfg"));
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        candidates.add(Path.of(home, ".ansible.cfg"));
        candidates.add(Path.of("/etc/ansible/ansible.cfg"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return read(p.toAbsolutePath());
            }
        }
        return new AnsibleConfig(null, Map.of(), here);
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
    static final Set<String> READ = Set.of("defaults.roles_path", "defaults.inventory", "defaults.forks",
            "defaults.remote_user", "defaults.private_key_file", "defaults.host_key_checking", "defaults.timeout",
            "defaults.gathering", "privilege_escalation.become", "privilege_escalation.become_user",
            "privilege_escalation.become_method", "privilege_escalation.become_ask_pass");

    /** A warning naming the file's settings that kvmforge does not read, or empty when it reads them all. */
    public Optional<String> ignoredSettings() {
        List<String> ignored = new ArrayList<>();
        sections.forEach((section, keys) -> keys.keySet().forEach(k -> {
            if (!READ.contains(section + "." + k)) {
                ignored.add("[" + section + "] " + k);
            }
        }));
        return ignored.isEmpty() ? Optional.empty() : Optional.of(file + ": kvmforge does not apply these "
                + "settings: " + String.join(", ", ignored) + " (it reads inventory, roles_path, forks, remote_user, "
                + "private_key_file, host_key_checking, timeout, gathering and [privilege_escalation] become, "
                + "become_user, become_method, become_ask_pass)");
    }

    /** {@code key} of {@code [section]}: {@code ANSIBLE_<KEY>} from {@code env} first, then the file. */
    public Optional<String> get(String section, String key, Map<String, String> env) {
        String fromEnv = env.get("ANSIBLE_" + key.toUpperCase(java.util.Locale.ROOT));
        if (fromEnv != null) {
            return Optional.of(fromEnv);
        }
        return Optional.ofNullable(sections.getOrDefault(section, Map.of()).get(key));
    }

    /** {@code [defaults] inventory} ({@code ANSIBLE_INVENTORY}): paths relative to the file's directory, or a list. */
    public Optional<String> inventory(Map<String, String> env) {
        return get("defaults", "inventory", env).map(String::strip).filter(s -> !s.isEmpty()).map(v -> {
            if (v.contains(",")) {
                return v; // a host list, as -i takes it
            }
            return path(v, env).toString();
        });
    }

    /** {@code [defaults] forks} ({@code ANSIBLE_FORKS}). */
    public Optional<Integer> forks(Map<String, String> env) {
        return number("defaults", "forks", env);
    }

    /** {@code [defaults] timeout} ({@code ANSIBLE_TIMEOUT}), the connection timeout in seconds. */
    public Optional<Integer> timeout(Map<String, String> env) {
        return number("defaults", "timeout", env);
    }

    /** {@code [defaults] remote_user} ({@code ANSIBLE_REMOTE_USER}). */
    public Optional<String> remoteUser(Map<String, String> env) {
        return get("defaults", "remote_user", env).filter(s -> !s.isBlank());
    }

    /** {@code [defaults] private_key_file} ({@code ANSIBLE_PRIVATE_KEY_FILE}), {@code ~} expanded. */
    public Optional<Path> privateKeyFile(Map<String, String> env) {
        return get("defaults", "private_key_file", env).filter(s -> !s.isBlank()).map(v -> path(v, env));
    }

    /** {@code [defaults] host_key_checking} ({@code ANSIBLE_HOST_KEY_CHECKING}). */
    public Optional<Boolean> hostKeyChecking(Map<String, String> env) {
        return bool("defaults", "host_key_checking", env);
    }

    /** {@code [privilege_escalation] become} ({@code ANSIBLE_BECOME}). */
    public Optional<Boolean> become(Map<String, String> env) {
        return bool("privilege_escalation", "become", env);
    }

    /** {@code [privilege_escalation] become_user} ({@code ANSIBLE_BECOME_USER}). */
    public Optional<String> becomeUser(Map<String, String> env) {
        return get("privilege_escalation", "become_user", env).filter(s -> !s.isBlank());
    }

    /** {@code [privilege_escalation] become_ask_pass} ({@code ANSIBLE_BECOME_ASK_PASS}). */
    public Optional<Boolean> becomeAskPass(Map<String, String> env) {
        return bool("privilege_escalation", "become_ask_pass", env);
    }

    /**
     * {@code [privilege_escalation] become_method} ({@code ANSIBLE_BECOME_METHOD}); kvmforge becomes with sudo only,
     * so any other method is an error rather than a silent sudo.
     */
    public void requireSudo(Map<String, String> env) {
        get("privilege_escalation", "become_method", env).map(String::strip).filter(m -> !m.equals("sudo"))
                .ifPresent(m -> {
                    throw new KvmforgeException(ErrorKind.OPTIONS, where("become_method", env) + ": become method '" + m
                            + "' is not supported", null, "kvmforge becomes with sudo: set become_method = sudo");
                });
    }

    /** {@code [defaults] gathering} ({@code ANSIBLE_GATHERING}): implicit (the default), explicit or smart. */
    public String gathering(Map<String, String> env) {
        String g = get("defaults", "gathering", env).map(String::strip).orElse("implicit");
        if (!Set.of("implicit", "explicit", "smart").contains(g)) {
            throw new KvmforgeException(ErrorKind.OPTIONS, where("gathering", env) + ": '" + g + "' is not implicit, "
                    + "explicit or smart", null, "gathering = implicit gathers facts in every play that does not "
                    + "say gather_facts: false");
        }
        return g;
    }

    private Optional<Integer> number(String section, String key, Map<String, String> env) {
        return get(section, key, env).map(String::strip).map(v -> {
            if (!v.matches("[1-9]\\d{0,8}")) {
                throw new KvmforgeException(ErrorKind.OPTIONS, where(key, env) + ": '" + v + "' is not a positive "
                        + "whole number", null, key + " = 10");
            }
            return Integer.parseInt(v);
        });
    }

    /** A boolean as Ansible's config reads one: yes/no, true/false, on/off, 1/0. */
    private Optional<Boolean> bool(String section, String key, Map<String, String> env) {
        return get(section, key, env).map(v -> switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "yes", "true", "on", "1", "y", "t" -> true;
            case "no", "false", "off", "0", "n", "f", "" -> false;
            default -> throw new KvmforgeException(ErrorKind.OPTIONS, where(key, env) + ": '" + v + "' is not a "
                    + "boolean", null, key + " = True or False");
        });
    }

    /** Where a setting comes from, for an error: the environment variable, or the file. */
    private String where(String key, Map<String, String> env) {
        String var = "ANSIBLE_" + key.toUpperCase(java.util.Locale.ROOT);
        return env.get(var) != null ? var : file == null ? key : file + " (" + key + ")";
    }

    /** A path setting: {@code ~} expanded, relative to the file's directory. */
    private Path path(String value, Map<String, String> env) {
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        String e = value.strip();
        if (e.equals("~") || e.startsWith("~/")) {
            e = home + e.substring(1);
        }
        Path p = Path.of(e);
        if (!p.isAbsolute()) {
            p = base.resolve(p);
        }
        return p.toAbsolutePath().normalize();
    }

    /**
     * Where roles are looked for besides the playbook's {@code roles/}: {@code roles_path} ({@code ANSIBLE_ROLES_PATH}),
     * colon-separated, {@code ~} expanded, relative entries against the file's directory; Ansible's default when unset.
     */
    public List<Path> rolesPath(Map<String, String> env) {
        String value = get("defaults", "roles_path", env)
                .orElse("~/.ansible/roles:/usr/share/ansible/roles:/etc/ansible/roles");
        List<Path> out = new ArrayList<>();
        for (String entry : value.split(":")) {
            if (!entry.isBlank()) {
                out.add(path(entry, env));
            }
        }
        return out;
    }
}
