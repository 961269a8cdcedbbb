package dev.kvmforge.checks.spec;

import dev.kvmforge.checks.model.Verdict;
import dev.kvmforge.runner.host.BootLinks;
import dev.kvmforge.checks.probe.HostSnapshot;
import dev.kvmforge.checks.probe.Probe;
import dev.kvmforge.checks.probe.Probes;
import dev.kvmforge.checks.probe.RunningProcesses;
import dev.kvmforge.checks.probe.ServiceManager;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code service:}: a service runs and starts at boot (or not). Running is what systemd says where systemd runs the
 * host; elsewhere (containers, SysV, OpenRC, a root of its own) a process of the service's name must run. Enabled is
 * read from the links {@code systemctl enable}, {@code update-rc.d} and {@code rc-update} write.
 *
 * <pre>
 * service:
 *   name: ssh
 *   process: sshd      # the process that shows it runs where systemd does not
 *   running: true
 *   enabled: true
 * </pre>
 *
 * @param name    the service or unit name ({@code libvirtd}, {@code libvirtd.socket})
 * @param running whether it must run, or null not to check
 * @param enabled whether it must start at boot, or null not to check
 * @param process the process name that shows it runs without systemd (default: the name without {@code .service})
 */
record ServiceSpec(String name, Boolean running, Boolean enabled, String process) implements ResourceSpec {

    static final List<String> KEYS = List.of("name", "running", "enabled", "process");

    static ServiceSpec read(MappingReader m) {
        m.onlyKeys(KEYS, "keys of a service test");
        String name = m.text("name");
        Boolean running = m.bool("running").orElse(null);
        Boolean enabled = m.bool("enabled").orElse(null);
        if (running == null && enabled == null) {
            throw m.error("a service test needs running: or enabled: (or both)", "add running: true");
        }
        String base = name.endsWith(".service") ? name.substring(0, name.length() - ".service".length()) : name;
        return new ServiceSpec(name, running, enabled, m.optionalText("process").orElse(base));
    }

    private String unit() {
        return name.contains(".") ? name : name + ".service";
    }

    @Override
    public List<Probe<?>> probes() {
        List<Probe<?>> p = new ArrayList<>();
        if (running != null) {
            p.add(Probes.serviceManager(unit()));
            p.add(Probes.RUNNING_PROCESSES);
        }
        if (enabled != null) {
            p.add(Probes.ENABLED_UNITS);
        }
        return p;
    }

    @Override
    public Verdict evaluate(HostSnapshot host) {
        List<String> wrong = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        if (running != null) {
            ServiceManager sm = host.get(Probes.serviceManager(unit()));
            boolean runs;
            String how;
            if (sm.systemd()) {
                runs = sm.active();
                how = "systemctl is-active " + unit() + ": " + (sm.state().isEmpty() ? "unknown" : sm.state());
            } else {
                RunningProcesses rp = host.get(Probes.RUNNING_PROCESSES);
                if (!rp.available()) {
                    return Verdict.error("cannot tell whether " + name + " runs: no systemd and no process table under "
                            + host.root(), "");
                }
                List<RunningProcesses.Process> procs = rp.named(process);
                runs = !procs.isEmpty();
                how = runs ? "process " + process + " runs (pid " + procs.stream().map(p -> String.valueOf(p.pid()))
                        .collect(Collectors.joining(", ")) + ")"
                        : "no process " + process + " runs (systemd does not run this host)";
            }
            (runs == running ? seen : wrong).add(name + (runs ? " is running" : " is not running") + ": " + how);
        }
        if (enabled != null) {
            BootLinks units = host.get(Probes.ENABLED_UNITS);
            boolean on = units.enabled(unit());
            (on == enabled ? seen : wrong).add(name + (on ? " starts at boot" : " does not start at boot"));
        }
        return ResourceSpec.verdict(wrong, String.join("; ", seen));
    }
}
