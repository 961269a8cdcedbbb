package dev.kvmforge.checks.probe;

import dev.kvmforge.runner.connection.Shell;

/**
 * What systemd says of one unit, when systemd runs the host (PID 1, {@code /run/systemd/system}); where it does not
 * (containers, SysV or OpenRC hosts, a snapshot with a root of its own) a service's state is judged from the process
 * table instead.
 *
 * @param unit    the unit asked about ({@code ssh.service})
 * @param systemd systemd runs the host, so {@code state} is meaningful
 * @param state   {@code systemctl is-active}: {@code active}, {@code inactive}, {@code failed}...
 */
public record ServiceManager(String unit, boolean systemd, String state) {

    static String script(String unit) {
        return String.join("\n",
                "if [ -z \"$R\" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then",
                "  echo \"systemd $(systemctl is-active -- " + Shell.quote(unit) + " 2>/dev/null)\"",
                "else echo none; fi");
    }

    static ServiceManager read(ProbeOutput out, String unit) {
        String s = out.stdout().strip();
        if (s.startsWith("systemd")) {
            return new ServiceManager(unit, true, s.substring("systemd".length()).strip());
        }
        return new ServiceManager(unit, false, "");
    }

    public boolean active() {
        return systemd && state.equals("active");
    }
}
