package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.event.HostStats;
import java.util.Map;

/**
 * The outcome of a run.
 *
 * @param exitCode    as ansible-playbook's: 0 ok, 1 error, 2 a host failed, 3 a host unreachable, 4 parse error,
 *                    5 bad options, 99 interrupted
 * @param hosts       the PLAY RECAP line of every host
 * @param interrupted whether the run was stopped before its end
 */
public record RunResult(int exitCode, Map<String, HostStats> hosts, boolean interrupted) {

    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int HOST_FAILED = 2;
    public static final int HOST_UNREACHABLE = 3;
    public static final int PARSE_ERROR = 4;
    public static final int BAD_OPTIONS = 5;
    public static final int INTERRUPTED = 99;

    /**
     * The exit code of a run that ended with {@code recap}: 99 when {@code interrupted}, else 2 when a host failed,
     * else 3 when one was unreachable, else 0.
     */
    public static int exitCode(Map<String, HostStats> recap, boolean interrupted) {
        if (interrupted) {
            return INTERRUPTED;
        }
        if (recap.values().stream().anyMatch(s -> s.failed() > 0)) {
            return HOST_FAILED;
        }
        if (recap.values().stream().anyMatch(s -> s.unreachable() > 0)) {
            return HOST_UNREACHABLE;
        }
        return OK;
    }

    public boolean ok() {
        return exitCode == OK;
    }

    /** Total of changed tasks over all hosts. */
    public int changed() {
        return hosts.values().stream().mapToInt(HostStats::changed).sum();
    }

    /** Total of failed tasks over all hosts. */
    public int failed() {
        return hosts.values().stream().mapToInt(HostStats::failed).sum();
    }
}
