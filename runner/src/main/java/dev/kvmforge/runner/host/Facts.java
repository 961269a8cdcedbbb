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
 * @param virtualization what {@code systemd-detect-virt} says the host runs in ({@code none}, {@code kvm},
 *                      {@code docker}...); without it, Docker's {@code /.dockerenv} or Podman's
 *                      {@code /run/.containerenv} as Ansible reads them; empty where nothing tells
 * @param defaultRoute  the IPv4 default route as {@code ip route} prints it, or empty
 * @param defaultAddress the address/prefix of the default route's interface, or empty
 */
public record Facts(String hostname, String osFamily, String distribution, String version, String codename,
                    String architecture, String kernel, int processors, long memoryMb, String userId, String init,
                    String virtualization, String defaultRoute, String defaultAddress) {

    /** Facts without the virtualization and network parts (as tests make them). */
    public Facts(String hostname, String osFamily, String distribution, String version, String codename,
                 String architecture, String kernel, int processors, long memoryMb, String userId, String init) {
        this(hostname, osFamily, distribution, version, codename, architecture, kernel, processors, memoryMb, userId,
                init, "", "", "");
    }

    static final String GATHER = "hostname 2>/dev/null || cat /proc/sys/kernel/hostname; "
            + "echo '--'; cat /etc/os-release 2>/dev/null; echo '--'; uname -m; uname -r; "
            + "getconf _NPROCESSORS_ONLN 2>/dev/null || nproc; "
            + "awk '/^MemTotal:/ {print int($2/1024)}' /proc/meminfo; id -un; "
            + "cat /proc/1/comm 2>/dev/null || echo unknown; "
            + "v=$(systemd-detect-virt 2>/dev/null | head -n 1); "
            + "if [ -z \"$v\" ]; then if [ -f /.dockerenv ]; then v=docker; elif [ -f /run/.containerenv ]; then "
            + "v=podman; fi; fi; echo \"virt=$v\"; "
            + "r=$(ip -4 route show default 2>/dev/null | head -n 1); echo \"route=$r\"; "
            + "d=$(echo \"$r\" | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p'); "
            + "[ -n \"$d\" ] && echo \"addr=$(ip -4 -o addr show dev \"$d\" 2>/dev/null | awk '{print $4; exit}')\"; true";

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
                parseInt(at(rest, 3)), at(rest, 4), at(rest, 5), tagged(rest, "virt="), tagged(rest, "route="),
                tagged(rest, "addr="));
    }

    /** The rest of the line that starts with {@code tag}, or empty. */
    private static String tagged(String[] lines, String tag) {
        for (String l : lines) {
            if (l.startsWith(tag)) {
                return l.substring(tag.length()).strip();
            }
        }
        return "";
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
        m.put("system", "Linux");
        m.put("machine", architecture);
        m.put("fqdn", hostname);
        m.put("pkg_mgr", switch (osFamily) {
            case "Debian" -> "apt";
            case "RedHat" -> "dnf";
            case "Suse" -> "zypper";
            case "Archlinux" -> "pacman";
            case "Alpine" -> "apk";
            default -> "unknown";
        });
        // as Ansible: the container or VM the host is a guest of, "NA" when it is none
        boolean guest = !virtualization.isEmpty() && !virtualization.equals("none");
        m.put("virtualization_type", guest ? virtualization : "NA");
        m.put("virtualization_role", guest ? "guest" : "NA");
        Map<String, Object> ipv4 = new LinkedHashMap<>();
        java.util.regex.Matcher via = java.util.regex.Pattern.compile(" via (\\S+)").matcher(defaultRoute);
        java.util.regex.Matcher dev = java.util.regex.Pattern.compile(" dev (\\S+)").matcher(defaultRoute);
        if (dev.find()) {
            ipv4.put("interface", dev.group(1));
            ipv4.put("alias", dev.group(1));
        }
        if (via.find()) {
            ipv4.put("gateway", via.group(1));
        }
        if (defaultAddress.contains("/")) {
            ipv4.put("address", defaultAddress.substring(0, defaultAddress.indexOf('/')));
            ipv4.put("prefix", defaultAddress.substring(defaultAddress.indexOf('/') + 1));
        }
        m.put("default_ipv4", ipv4);
        return m;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
