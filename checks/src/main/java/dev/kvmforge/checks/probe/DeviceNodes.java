package dev.kvmforge.checks.probe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The device nodes the hypervisor checks look at, by path. */
public record DeviceNodes(Map<String, DeviceNode> nodes) {

    static final List<String> PATHS = List.of("/dev/kvm", "/dev/vhost-net", "/dev/net/tun", "/dev/sev");

    public DeviceNodes {
        nodes = Map.copyOf(nodes);
    }

    static final String SCRIPT = String.join("\n",
            "for d in " + String.join(" ", PATHS) + "; do",
            "  if [ -e \"$d\" ]; then",
            "    if [ -r \"$d\" ] && [ -w \"$d\" ]; then a=rw; else a=-; fi",
            "    echo \"$d|$(stat -L -c '%F|%a|%U|%G' \"$d\")|$a\"",
            "  else echo \"$d|missing\"; fi",
            "done");

    static DeviceNodes read(ProbeOutput out) {
        Map<String, DeviceNode> m = new LinkedHashMap<>();
        for (String line : out.stdout().split("\n")) {
            String[] f = line.split("\\|", -1);
            if (f.length == 2 && f[1].equals("missing")) {
                m.put(f[0], DeviceNode.missing(f[0]));
            } else if (f.length == 6) {
                m.put(f[0], new DeviceNode(f[0], true, f[1], Integer.parseInt(f[2], 8), f[3], f[4], f[5].equals("rw")));
            }
        }
        return new DeviceNodes(m);
    }

    /** The node at {@code path} (one of {@code /dev/kvm}, {@code /dev/vhost-net}, {@code /dev/net/tun}, {@code /dev/sev}). */
    public DeviceNode get(String path) {
        DeviceNode n = nodes.get(path);
        if (n == null) {
            throw new IllegalStateException("the devices probe did not report " + path);
        }
        return n;
    }
}
