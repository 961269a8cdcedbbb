package dev.kvmforge.runner.host;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's package database (dpkg, else rpm): every package it knows with its state and version. The package module
 * plans against it and the checks' package tests read it; one read per host serves both, until a package task changes
 * it ({@link Host#forget}).
 *
 * @param manager  {@code dpkg} or {@code rpm}; empty when the host has neither
 * @param packages by name: dpkg's status words ({@code install ok installed}, {@code deinstall ok config-files}) and
 *                 version; rpm lists only installed packages
 */
public record InstalledPackages(String manager, Map<String, Entry> packages) {

    /** One package as the database has it. */
    public record Entry(String status, String version) {
    }

    public InstalledPackages {
        packages = Map.copyOf(packages);
    }

    /**
     * The fact. Its script reads the database under {@code $R} (a root directory; empty for {@code /}), as the checks'
     * probes do, so that a prepared root can be audited too.
     */
    public static final HostFact<InstalledPackages> FACT = HostFact.of("packages", String.join("\n",
            "if command -v dpkg-query >/dev/null 2>&1; then",
            "  echo dpkg",
            "  dpkg-query --admindir=\"$R/var/lib/dpkg\" -W -f='${Package}|${Status}|${Version}\\n' 2>/dev/null",
            "elif command -v rpm >/dev/null 2>&1; then",
            "  echo rpm",
            "  rpm --root \"${R:-/}\" -qa --qf '%{NAME}|install ok installed|%{EPOCH}:%{VERSION}-%{RELEASE}\\n'"
                    + " 2>/dev/null | sed 's/|(none):/|/'",
            "else echo none; fi"), InstalledPackages::parse);

    static InstalledPackages parse(String out) {
        List<String> lines = Arrays.stream(out.split("\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        String manager = lines.isEmpty() || lines.get(0).equals("none") ? "" : lines.get(0);
        Map<String, Entry> packages = new LinkedHashMap<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.split("\\|", 3);
            if (f.length == 3) {
                packages.putIfAbsent(f[0], new Entry(f[1], f[2]));
            }
        }
        return new InstalledPackages(manager, packages);
    }

    /** {@code name} as the database has it: installed (wanted and unpacked and configured), with its version. */
    public InstalledPackage get(String name) {
        Entry e = packages.get(name);
        boolean installed = e != null && e.status().equals("install ok installed");
        return new InstalledPackage(name, manager, installed, installed ? e.version() : "");
    }

    /**
     * Whether every one of {@code names} is installed. A name the database does not list by that name (a virtual
     * package, an rpm "provides", {@code name:arch}) is not: the package manager decides those.
     */
    public boolean allInstalled(List<String> names) {
        return names.stream().allMatch(n -> get(n).installed());
    }

    /**
     * Whether none of {@code names} is on the host in any installed state (held, or to be removed but still there).
     * Only dpkg's database answers this alone, and only for plain names; otherwise the package manager decides.
     */
    public boolean noneInstalled(List<String> names) {
        return manager.equals("dpkg") && names.stream().allMatch(n -> n.matches("[a-z0-9][a-z0-9+.-]*")
                && (packages.get(n) == null || !packages.get(n).status().endsWith(" installed")));
    }
}
