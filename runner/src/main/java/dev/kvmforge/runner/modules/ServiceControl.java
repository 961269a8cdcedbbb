package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.host.Facts;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.host.ServiceTools;

/**
 * How services are run and enabled on one host, chosen from what its PID 1 is and the tools it has.
 *
 * @param manager {@code systemd}, {@code sysv}, {@code openrc}, or {@code direct} on a host with no running init
 * @param run     starts, stops and asks after services
 * @param boot    whether they start at boot
 */
record ServiceControl(String manager, RunControl run, BootControl boot) {

    /**
     * systemd when it is PID 1; OpenRC or SysV when PID 1 is an {@code init} they drive; otherwise {@code direct}:
     * daemons run by themselves, and boot links written by {@code systemctl enable} (which needs no running systemd),
     * else {@code update-rc.d}, else {@code rc-update}.
     */
    static ServiceControl of(Host host) {
        Facts facts = host.facts();
        if (facts.systemdRunning()) {
            return new ServiceControl("systemd", new RunControl.Systemctl(host), new BootControl.SystemdLinks(host));
        }
        ServiceTools has = host.fact(ServiceTools.FACT);
        String init = facts.init();
        if (init.equals("openrc-init") || init.equals("init") && has.openrcBooted()) {
            return new ServiceControl("openrc", new RunControl.RcService(host), new BootControl.OpenrcRunlevel(host));
        }
        if (init.equals("init") && has.has("service")) {
            return new ServiceControl("sysv", new RunControl.ServiceScript(host), has.has("update-rc.d")
                    ? new BootControl.RcLinks(host) : new BootControl.Unknown(host));
        }
        BootControl boot = has.has("systemctl") ? new BootControl.SystemdLinks(host)
                : has.has("update-rc.d") ? new BootControl.RcLinks(host)
                : has.has("rc-update") ? new BootControl.OpenrcRunlevel(host)
                : new BootControl.Unknown(host);
        return new ServiceControl("direct", new DirectDaemons(host, init), boot);
    }
}
