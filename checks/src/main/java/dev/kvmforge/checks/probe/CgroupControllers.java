package dev.kvmforge.checks.probe;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The cgroup controllers a process started by the login user's session can use, as libvirt sees them: cgroup v1
 * hierarchies mounted per controller, and the controllers cgroup v2 offers to the session's own cgroup.
 *
 * @param v1         each v1 controller mounted, with its mount point
 * @param v2Mount    where cgroup2 is mounted, empty when it is not
 * @param v2         the controllers the session's v2 cgroup offers ({@code cgroup.controllers})
 */
public record CgroupControllers(Map<String, String> v1, String v2Mount, Set<String> v2) {

    /** The controllers the kernel knows by these names on v1. */
    static final Set<String> V1_NAMES = Set.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "net_cls",
            "blkio", "perf_event", "net_prio", "hugetlb", "pids", "rdma", "misc");

    public CgroupControllers {
        v1 = Map.copyOf(v1);
        v2 = Set.copyOf(v2);
    }

    /** One awk: the cgroup mounts, then cgroup v2's controllers for this process's cgroup (or the root's). */
    static final String SCRIPT = String.join("\n",
            "awk '$3 == \"cgroup\" || $3 == \"cgroup2\" { print \"mount \" $0; if ($3 == \"cgroup2\" && m == \"\") m = $2 }",
            "END { if (m == \"\") exit; print \"v2mount \" m; p = \"\"",
            "  while ((getline l < \"/proc/self/cgroup\") > 0) if (substr(l, 1, 3) == \"0::\") p = substr(l, 4)",
            "  c = \"\"; if ((getline c < (m p \"/cgroup.controllers\")) <= 0) getline c < (m \"/cgroup.controllers\")",
            "  print \"v2 \" c }' /proc/mounts 2>/dev/null");

    static CgroupControllers read(ProbeOutput out) {
        Map<String, String> v1 = new LinkedHashMap<>();
        String v2Mount = "";
        Set<String> v2 = new LinkedHashSet<>();
        for (String line : out.stdout().split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f[0].equals("mount") && f.length >= 5 && f[3].equals("cgroup")) {
                for (String opt : f[4].split(",")) {
                    if (V1_NAMES.contains(opt)) {
                        v1.putIfAbsent(opt, f[2]);
                    }
                }
            } else if (f[0].equals("v2mount") && f.length >= 2) {
                v2Mount = f[1];
            } else if (f[0].equals("v2")) {
                for (int i = 1; i < f.length; i++) {
                    v2.add(f[i]);
                }
            }
        }
        return new CgroupControllers(v1, v2Mount, v2);
    }
}
