package dev.kvmforge.checks.spec;

import dev.kvmforge.checks.model.Verdict;
import dev.kvmforge.checks.probe.HostSnapshot;
import dev.kvmforge.checks.probe.Probe;
import dev.kvmforge.checks.probe.ProbeOutput;
import dev.kvmforge.checks.probe.Probes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code command:}: a command line, run by {@code sh -c} as the login user with stdin closed, exits with a status and
 * prints what is expected. It runs in the host's one probe command, under the probe time limit.
 *
 * <pre>
 * command:
 *   run: virsh -c qemu:///system uri
 *   exit_status: 0
 *   stdout: ['^qemu:///system$']
 * </pre>
 *
 * @param run        the command line
 * @param exitStatus the exit status expected (default 0)
 * @param stdout     regular expressions that must each be found in stdout
 * @param stderr     regular expressions that must each be found in stderr
 */
record CommandSpec(String run, int exitStatus, List<Pattern> stdout, List<Pattern> stderr) implements ResourceSpec {

    static final List<String> KEYS = List.of("run", "exit_status", "stdout", "stderr");

    static CommandSpec read(MappingReader m) {
        m.onlyKeys(KEYS, "keys of a command test");
        long status = m.number("exit_status").orElse(0L);
        if (status < 0 || status > 255) {
            throw m.error("exit_status", "an exit status is 0 to 255, not " + status, null);
        }
        return new CommandSpec(m.text("run"), (int) status, Patterns.read(m, "stdout"), Patterns.read(m, "stderr"));
    }

    private Probe<ProbeOutput> probe() {
        return Probes.command(run);
    }

    @Override
    public List<Probe<?>> probes() {
        return List.of(probe());
    }

    @Override
    public Verdict evaluate(HostSnapshot host) {
        ProbeOutput out = host.get(probe());
        List<String> wrong = new ArrayList<>();
        if (out.exitStatus() != exitStatus) {
            wrong.add("exited with status " + out.exitStatus() + ", not " + exitStatus
                    + (out.stderr().isBlank() ? "" : " (stderr: " + ResourceSpec.excerpt(out.stderr()) + ")"));
        }
        stdout.stream().filter(p -> !p.matcher(out.stdout()).find()).forEach(p -> wrong.add("stdout has no match for '"
                + p.pattern() + "'" + (out.stdout().isBlank() ? " (stdout is empty)"
                : " (stdout: " + ResourceSpec.excerpt(out.stdout()) + ")")));
        stderr.stream().filter(p -> !p.matcher(out.stderr()).find()).forEach(p -> wrong.add("stderr has no match for '"
                + p.pattern() + "'" + (out.stderr().isBlank() ? " (stderr is empty)"
                : " (stderr: " + ResourceSpec.excerpt(out.stderr()) + ")")));
        if (!wrong.isEmpty()) {
            return Verdict.fail("'" + run + "' " + String.join("; ", wrong));
        }
        return Verdict.pass("'" + run + "' exited with status " + out.exitStatus()
                + (stdout.isEmpty() && stderr.isEmpty() ? "" : ", output as expected"));
    }
}
