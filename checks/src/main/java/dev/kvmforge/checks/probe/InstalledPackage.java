package dev.kvmforge.checks.probe;

import dev.kvmforge.runner.connection.Shell;

/**
 * A package as the host's package database has it (dpkg, else rpm), read under the snapshot's root.
 *
 * @param name      the package name
 * @param manager   {@code dpkg} or {@code rpm}; empty when the host has neither
 * @param installed it is installed
 * @param version   its version when installed ({@code 8.0.0-2}, {@code 1:7.2+dfsg-7})
 */
public record InstalledPackage(String name, String manager, boolean installed, String version) {

    static String script(String name) {
        String n = Shell.quote(name);
        return String.join("\n",
                "if command -v dpkg-query >/dev/null 2>&1; then",
                "  if [ -n \"$R\" ]; then a=\"--admindir=$R/var/lib/dpkg\"; else a=--admindir=/var/lib/dpkg; fi",
                "  echo dpkg",
                "  dpkg-query \"$a\" -W -f='${db:Status-Abbrev}|${Version}\\n' " + n + " 2>/dev/null | grep '^ii' | head -n 1",
                "elif command -v rpm >/dev/null 2>&1; then",
                "  echo rpm",
                "  rpm --root \"${R:-/}\" -q --qf 'ii |%{EPOCH}:%{VERSION}-%{RELEASE}\\n' " + n
                        + " 2>/dev/null | grep '^ii' | sed 's/|(none):/|/' | head -n 1",
                "else echo none; fi");
    }

    static InstalledPackage read(ProbeOutput out, String name) {
        String[] lines = out.stdout().strip().split("\n");
        String manager = lines[0].strip();
        if (manager.equals("none") || manager.isEmpty()) {
            return new InstalledPackage(name, "", false, "");
        }
        if (lines.length < 2 || !lines[1].startsWith("ii")) {
            return new InstalledPackage(name, manager, false, "");
        }
        String version = lines[1].substring(lines[1].indexOf('|') + 1).strip();
        return new InstalledPackage(name, manager, true, version);
    }
}
