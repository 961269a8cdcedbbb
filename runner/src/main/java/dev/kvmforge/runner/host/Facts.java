package dev.kvmforge.runner.host;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a host is: its name, operating system, kernel, architecture, size and init, gathered by one command.
 *
 * @param hostname      the short host name
 * @param osFamily      Ansible's family: Debian, RedHat, Suse, Archlinux, Alpine, or the distribution id
 * @param distribution  the {@code ID} of os-release: debian, ubuntu, fedora...
 * @param version       the {@code VERSION_ID}: 12, 24.04, 40...
 * @param codename      the {@code VERSION_CODENAME}: bookworm, noble...
 * @param architecture  {@code uname -m}
 * @param kernel        {@code uname -r}
 * @param processors    online processors
 * @param memoryMb      total memory in MiB
 * @param userId        the login user's name
 * @param init          the name of PID 1 ({@code systemd}, {@code init}, or anything else on a host with no init)
 */
public record Facts(String hostname, String osFamily, String distribution, String version, String codename,
                    String architecture, String kernel, int processors, long memoryMb, String userId, String init) {

    static final String GATHER = "hostname 2>/dev/null || cat /proc/sys/kernel/hostname; "
            + "echo '--'; cat /etc/os-release 2>/dev/null; echo '--'; uname -m; uname -r; "
            + "getconf _NPROCESSORS_ONLN 2>/dev/null || nproc; "
            + "awk '/^MemTotal:/ {print int($2/1024)}' /proc/meminfo; id -un; cat /proc/1/comm 2>/dev/null || echo unknown";

    static Facts gather(Host host) {
        return parse(host.check(GATHER));
    }

    static Facts parse(String out) {
        String[] parts = out.split("(?m)^--$\\n?", 3);
        String hostname = parts[0].strip();
        Map<String, String> os = new LinkedHashMap<>();
        for (String line : parts.length > 1 ? parts[1].split("\n") : new String[0]) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                String v = line.substring(eq + 1).strip();
                if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                    v = v.substring(1, v.length() - 1);
                }
                os.put(line.substring(0, eq).strip(), v);
            }
        }
        String[] rest = parts.length > 2 ? parts[2].strip().split("\n") : new String[0];
        String id = os.getOrDefault("ID", "unknown");
        return new Facts(hostname, family(id, os.getOrDefault("ID_LIKE", "")), id, os.getOrDefault("VERSION_ID", ""),
                os.getOrDefault("VERSION_CODENAME", ""), at(rest, 0), at(rest, 1), parseInt(at(rest, 2)),
                parseInt(at(rest, 3)), at(rest, 4), at(rest, 5));
    }

    private static String at(String[] a, int i) {
        return i < a.length ? a[i].strip() : "";
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String family(String id, String idLike) {
        String all = (id + " " + idLike).toLowerCase(Locale.ROOT);
        if (all.matches(".*\\b(debian|ubuntu)\\b.*")) {
            return "Debian";
        }
        if (all.matches(".*\\b(rhel|fedora|centos|rocky|almalinux)\\b.*")) {
            return "RedHat";
        }
        if (all.matches(".*\\b(suse|opensuse)\\b.*")) {
            return "Suse";
        }
        if (all.contains("arch")) {
            return "Archlinux";
        }
        if (all.contains("alpine")) {
            return "Alpine";
        }
        return id;
    }

    /** Whether systemd is PID 1 (so {@code systemctl start} can work). */
    public boolean systemdRunning() {
        return "systemd".equals(init);
    }

    /** The facts under Ansible's names ({@code ansible_facts.os_family}, {@code ansible_distribution}...). */
    public Map<String, Object> asAnsibleFacts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hostname", hostname);
        m.put("nodename", hostname);
        m.put("os_family", osFamily);
        m.put("distribution", capitalize(distribution));
        m.put("distribution_version", version);
        m.put("distribution_major_version", version.contains(".") ? version.substring(0, version.indexOf('.')) : version);
        m.put("distribution_release", codename);
        m.put("architecture", architecture);
        m.put("kernel", kernel);
        m.put("processor_vcpus", processors);
        m.put("memtotal_mb", memoryMb);
        m.put("user_id", userId);
        m.put("service_mgr", systemdRunning() ? "systemd" : init);
        return m;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
