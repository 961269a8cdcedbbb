package dev.kvmforge.runner.host;

import java.util.Arrays;
import java.util.List;

/**
 * What is set to start at boot, read from the links under the root {@code $R} (empty for {@code /}): systemd's
 * {@code /etc/systemd/system/*.wants/}, SysV's {@code /etc/rc[2-5].d/S*} and OpenRC's {@code /etc/runlevels/}.
 * These are the links {@code systemctl enable} writes, so they answer even where systemd is not running. The service
 * module's SysV and OpenRC boot control read them, and so do the checks; systemd's own answer
 * ({@code systemctl is-enabled}: static, masked and alias units too) is the service module's under systemd.
 *
 * @param links the link paths, relative to the root ({@code /etc/systemd/system/sockets.target.wants/libvirtd.socket})
 */
public record BootLinks(List<String> links) {

    public BootLinks {
        links = List.copyOf(links);
    }

    /** The fact: every boot link under the root. */
    public static final HostFact<BootLinks> FACT = HostFact.of("enabled-units", String.join("\n",
            "for f in \"$R\"/etc/systemd/system/*.wants/* \"$R\"/etc/rc[2345].d/S* \"$R\"/etc/runlevels/*/*; do",
            "  if [ -e \"$f\" ] || [ -L \"$f\" ]; then echo \"${f#\"$R\"}\"; fi",
            "done", "true"), BootLinks::parse);

    static BootLinks parse(String out) {
        return new BootLinks(Arrays.stream(out.split("\n")).map(String::strip).filter(s -> !s.isEmpty())
                .toList());
    }

    /**
     * Whether {@code unit} ({@code libvirtd.service}, {@code virtlogd.socket}) starts at boot: a systemd wants link,
     * or for a service a SysV {@code S??name} link or an OpenRC runlevel entry.
     */
    public boolean enabled(String unit) {
        String service = unit.endsWith(".service") ? unit.substring(0, unit.length() - ".service".length()) : null;
        for (String l : links) {
            String name = l.substring(l.lastIndexOf('/') + 1);
            if (l.startsWith("/etc/systemd/system/") && l.contains(".wants/") && name.equals(unit)) {
                return true;
            }
            if (service != null && l.startsWith("/etc/rc") && name.matches("S[0-9]*" + java.util.regex.Pattern.quote(service))) {
                return true;
            }
            if (service != null && l.startsWith("/etc/runlevels/") && name.equals(service)) {
                return true;
            }
        }
        return false;
    }

    /** The ones of {@code units} that are enabled, in the order given. */
    public List<String> enabledOf(String... units) {
        return Arrays.stream(units).filter(this::enabled).toList();
    }
}
