package dev.kvmforge.checks.spec;

import dev.kvmforge.checks.model.Verdict;
import dev.kvmforge.checks.probe.Accounts;
import dev.kvmforge.checks.probe.HostSnapshot;
import dev.kvmforge.checks.probe.Probe;
import dev.kvmforge.checks.probe.Probes;
import dev.kvmforge.checks.probe.RunningProcesses;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code process:}: a process of a name runs (or not), as a user. The name is the kernel's ({@code comm}: at most 15
 * characters), read from the process table under the host's root.
 *
 * <pre>
 * process:
 *   name: virtlogd
 *   user: root
 * </pre>
 *
 * @param name    process name
 * @param running whether one must run (default true)
 * @param user    the user every such process must run as, or null for any
 */
record ProcessSpec(String name, boolean running, String user) implements ResourceSpec {

    static final List<String> KEYS = List.of("name", "running", "user");

    static ProcessSpec read(MappingReader m) {
        m.onlyKeys(KEYS, "keys of a process test");
        boolean running = m.bool("running").orElse(true);
        String user = m.optionalText("user").orElse(null);
        if (user != null && !running) {
            throw m.error("user", "a process that must not run has no user to check", "remove user");
        }
        return new ProcessSpec(m.text("name"), running, user);
    }

    @Override
    public List<Probe<?>> probes() {
        return user == null ? List.of(Probes.RUNNING_PROCESSES) : List.of(Probes.RUNNING_PROCESSES, Probes.ACCOUNTS);
    }

    @Override
    public Verdict evaluate(HostSnapshot host) {
        RunningProcesses rp = host.get(Probes.RUNNING_PROCESSES);
        if (!rp.available()) {
            return Verdict.error("no process table under " + host.root(), "");
        }
        List<RunningProcesses.Process> procs = rp.named(name);
        String pids = procs.stream().map(p -> String.valueOf(p.pid())).collect(Collectors.joining(", "));
        if (!running) {
            return procs.isEmpty() ? Verdict.pass("no process " + name + " runs")
                    : Verdict.fail(name + " runs (pid " + pids + ") and should not");
        }
        if (procs.isEmpty()) {
            return Verdict.fail("no process " + name + " runs");
        }
        if (user == null) {
            return Verdict.pass(name + " runs (pid " + pids + ")");
        }
        Accounts accounts = host.get(Probes.ACCOUNTS);
        List<String> others = new ArrayList<>();
        for (RunningProcesses.Process p : procs) {
            String as = accounts.userName(p.uid());
            if (!as.equals(user) && !String.valueOf(p.uid()).equals(user)) {
                others.add("pid " + p.pid() + " as " + as);
            }
        }
        return others.isEmpty() ? Verdict.pass(name + " runs as " + user + " (pid " + pids + ")")
                : Verdict.fail(name + " runs as another user than " + user + ": " + String.join(", ", others));
    }
}
