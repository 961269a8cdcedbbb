package dev.kvmforge.checks.spec;

import dev.kvmforge.checks.model.Verdict;
import dev.kvmforge.checks.probe.HostSnapshot;
import dev.kvmforge.checks.probe.Probe;
import dev.kvmforge.checks.probe.Probes;
import dev.kvmforge.runner.host.InstalledPackage;
import java.util.List;

/**
 * {@code package:}: a package is installed (or not), at a version.
 *
 * <pre>
 * package:
 *   name: qemu-system-x86
 *   version: '1:7.2*'
 * </pre>
 *
 * @param name      the package name
 * @param installed whether it must be installed (default true)
 * @param version   the version expected, {@code *} for any text, or null for any
 */
record PackageSpec(String name, boolean installed, String version) implements ResourceSpec {

    static final List<String> KEYS = List.of("name", "installed", "version");

    static PackageSpec read(MappingReader m) {
        m.onlyKeys(KEYS, "keys of a package test");
        boolean installed = m.bool("installed").orElse(true);
        String version = m.optionalText("version").orElse(null);
        if (version != null && !installed) {
            throw m.error("version", "a package that must not be installed has no version to check", "remove version");
        }
        return new PackageSpec(m.text("name"), installed, version);
    }

    @Override
    public List<Probe<?>> probes() {
        return List.of(Probes.PACKAGES);
    }

    @Override
    public Verdict evaluate(HostSnapshot host) {
        InstalledPackage p = host.get(Probes.PACKAGES).get(name);
        if (p.manager().isEmpty()) {
            return Verdict.error("cannot tell whether " + name + " is installed: the host has neither dpkg nor rpm",
                    "test it with a command check instead");
        }
        if (!installed) {
            return p.installed() ? Verdict.fail(name + " " + p.version() + " is installed and should not be")
                    : Verdict.pass(name + " is not installed (" + p.manager() + ")");
        }
        if (!p.installed()) {
            return Verdict.fail(name + " is not installed (" + p.manager() + ")");
        }
        if (version != null && !Patterns.glob(version).matcher(p.version()).matches()) {
            return Verdict.fail(name + " " + p.version() + " is installed, not " + version);
        }
        return Verdict.pass(name + " " + p.version() + " is installed (" + p.manager() + ")");
    }
}
