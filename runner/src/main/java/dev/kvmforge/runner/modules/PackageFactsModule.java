package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code package_facts}: the host's installed packages as the fact {@code packages}: each name mapped to the list
 * of its installed versions ({@code name}, {@code version}, {@code arch}, {@code source}; apt's also
 * {@code category}, rpm's {@code release} and {@code epoch}), read with {@code dpkg-query} or {@code rpm} in one
 * command: no Python on the host. {@code manager: auto} (default) takes the one the host has. Changes nothing.
 */
public final class PackageFactsModule implements ReadOnlyModule<PackageFactsModule.Params> {

    /**
     * @param manager  auto (default), apt or rpm (a list: the first the host has)
     * @param strategy first (default) or all; with one manager on the host both give the same
     */
    public record Params(@JsonAlias("managers") List<String> manager, String strategy) {
        public Params {
            manager = manager == null || manager.isEmpty() ? List.of("auto") : List.copyOf(manager);
            for (String m : manager) {
                if (!List.of("auto", "apt", "rpm").contains(m)) {
                    throw new IllegalArgumentException("manager '" + m + "' is not one of auto, apt, rpm");
                }
            }
            if (strategy != null && !List.of("first", "all").contains(strategy)) {
                throw new IllegalArgumentException("strategy '" + strategy + "' is not one of all, first");
            }
        }
    }

    private static final String APT = "dpkg-query -W -f '${db:Status-Abbrev}\\t${Package}\\t${Version}\\t"
            + "${Architecture}\\t${Section}\\n'";
    private static final String RPM = "rpm -qa --queryformat '%{NAME}\\t%{VERSION}\\t%{RELEASE}\\t%{EPOCH}\\t"
            + "%{ARCH}\\n'";

    @Override
    public String name() {
        return "package_facts";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public ModuleResult read(ModuleContext context, Params p) {
        Host host = context.host();
        Map<String, List<Map<String, Object>>> packages = new TreeMap<>();
        List<String> wanted = p.manager().contains("auto") ? List.of("apt", "rpm") : p.manager();
        boolean all = "all".equals(p.strategy());
        boolean found = false;
        for (String manager : wanted) {
            String tool = manager.equals("apt") ? "dpkg-query" : "rpm";
            ExecResult r = host.run("command -v " + tool + " >/dev/null || exit 127; "
                    + (manager.equals("apt") ? APT : RPM));
            if (r.exitStatus() == 127) {
                continue;
            }
            if (!r.ok()) {
                throw new KvmforgeException(ErrorKind.TASK, "package_facts: " + tool + " failed: " + r.stderr().strip(),
                        host.name(), null);
            }
            found = true;
            for (String line : r.stdout().split("\n")) {
                String[] f = line.split("\t", -1);
                Map<String, Object> pkg = new LinkedHashMap<>();
                if (manager.equals("apt")) {
                    if (f.length < 5 || !f[0].startsWith("ii")) {
                        continue;
                    }
                    pkg.put("name", f[1]);
                    pkg.put("version", f[2]);
                    pkg.put("arch", f[3]);
                    pkg.put("category", f[4]);
                } else {
                    if (f.length < 5) {
                        continue;
                    }
                    pkg.put("name", f[0]);
                    pkg.put("version", f[1]);
                    pkg.put("release", f[2]);
                    pkg.put("epoch", f[3].equals("(none)") ? null : Integer.valueOf(f[3]));
                    pkg.put("arch", f[4]);
                }
                pkg.put("source", manager);
                packages.computeIfAbsent((String) pkg.get("name"), n -> new ArrayList<>()).add(pkg);
            }
            if (!all) {
                break;
            }
        }
        if (!found) {
            return ModuleResult.failed("Could not detect a supported package manager from the following list: "
                    + wanted + ", or the required Python library is not installed. Check warnings for details.",
                    Map.of());
        }
        return ModuleResult.ok(Map.of("ansible_facts", Map.of("packages", packages)));
    }
}
