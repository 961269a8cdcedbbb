package dev.kvmforge.checks.probe;

import dev.kvmforge.runner.connection.Shell;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Many probes as one shell command, and its output split back into one {@link ProbeOutput} per probe.
 *
 * <p>Each probe runs in its own shell ({@code sh -c}), so one failing probe does not stop the others; its stdout, stderr and exit
 * status are framed by marker lines carrying a random token, so no file content can be taken for a marker.
 *
 * <p>Where the host has a {@code timeout} that takes {@code -k} (coreutils, recent busybox), each probe runs under
 * it: a probe that hangs is killed after {@code probeTimeout} and reported as timed out, and the others still answer.
 *
 * @param probes       the probes, each once, in order
 * @param root         the directory standing in for {@code /} in the probes that read files under {@code $R}
 * @param probeTimeout how long one probe may take
 * @param token        the random part of the marker lines
 */
public record ProbeBatch(List<Probe<?>> probes, String root, Duration probeTimeout, String token) {

    /** How long one probe may take unless told otherwise. */
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(60);

    private static final SecureRandom RANDOM = new SecureRandom();

    public ProbeBatch {
        probes = List.copyOf(probes);
        root = normalizeRoot(root);
        if (probeTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("a probe needs at least a second, not " + probeTimeout);
        }
    }

    /** A batch of these probes (duplicates by name dropped) read under {@code root} ({@code /} or null: the host's own). */
    public static ProbeBatch of(Collection<? extends Probe<?>> probes, String root) {
        return of(probes, root, DEFAULT_PROBE_TIMEOUT);
    }

    /** As {@link #of(Collection, String)}, each probe allowed {@code probeTimeout}. */
    public static ProbeBatch of(Collection<? extends Probe<?>> probes, String root, Duration probeTimeout) {
        Map<String, Probe<?>> unique = new LinkedHashMap<>();
        probes.forEach(p -> unique.putIfAbsent(p.name(), p));
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return new ProbeBatch(new ArrayList<>(unique.values()), root, probeTimeout, HexFormat.of().formatHex(b));
    }

    /** The longest the whole command can take when no probe overruns: every probe at its limit. */
    public Duration commandTimeout() {
        return probeTimeout.multipliedBy(Math.max(1, probes.size())).plusSeconds(10);
    }

    static String normalizeRoot(String root) {
        if (root == null || root.isBlank()) {
            return "/";
        }
        String r = root.strip();
        if (!r.startsWith("/")) {
            throw new IllegalArgumentException("the root must be an absolute path on the host, not '" + root + "'");
        }
        while (r.length() > 1 && r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }

    private String marker() {
        return "@@kvmforge-" + token;
    }

    /** The one command that runs every probe. */
    public String script() {
        StringBuilder s = new StringBuilder();
        s.append("M=").append(Shell.quote(marker())).append('\n');
        s.append("R=").append("/".equals(root) ? "''" : Shell.quote(root)).append('\n');
        s.append("export R\n");
        s.append("t=$(mktemp 2>/dev/null) || t=/tmp/kvmforge-probe.$$\n");
        s.append("trap 'rm -f \"$t\"' EXIT\n");
        s.append("if timeout -k 1 5 true 2>/dev/null; then T='timeout -k 2 ").append(probeTimeout.toSeconds())
                .append("'; else T=; fi\n");
        for (Probe<?> p : probes) {
            String n = Shell.quote(p.name());
            s.append("printf '%s begin %s\\n' \"$M\" ").append(n).append('\n');
            s.append("$T sh -c ").append(Shell.quote(p.script().strip())).append(" 2>\"$t\" </dev/null\n");
            s.append("s=$?\n");
            s.append("if [ \"$s\" = 124 ] && [ -n \"$T\" ]; then s=timeout; fi\n");
            s.append("printf '\\n%s stderr %s\\n' \"$M\" ").append(n).append('\n');
            s.append("cat \"$t\"\n");
            s.append("printf '\\n%s end %s %s\\n' \"$M\" ").append(n).append(" \"$s\"\n");
        }
        return s.toString();
    }

    /**
     * The outputs of the probes that finished, by name. A probe cut short (the command was killed) is missing, and
     * {@link HostSnapshot#get} says so.
     */
    public Map<String, ProbeOutput> read(String stdout) {
        Map<String, ProbeOutput> outputs = new LinkedHashMap<>();
        String m = marker();
        int from = 0;
        for (Probe<?> p : probes) {
            String begin = m + " begin " + p.name() + "\n";
            int b = stdout.indexOf(begin, from);
            if (b < 0) {
                break;
            }
            int outStart = b + begin.length();
            String errMark = "\n" + m + " stderr " + p.name() + "\n";
            int e = stdout.indexOf(errMark, outStart);
            if (e < 0) {
                break;
            }
            int errStart = e + errMark.length();
            String endMark = "\n" + m + " end " + p.name() + " ";
            int end = stdout.indexOf(endMark, errStart);
            if (end < 0) {
                break;
            }
            int statusStart = end + endMark.length();
            int eol = stdout.indexOf('\n', statusStart);
            String status = stdout.substring(statusStart, eol < 0 ? stdout.length() : eol).strip();
            outputs.put(p.name(), new ProbeOutput(p.name(), root,
                    status.equals("timeout") ? ProbeOutput.TIMED_OUT : Integer.parseInt(status),
                    stdout.substring(outStart, e), stdout.substring(errStart, end)));
            from = eol < 0 ? stdout.length() : eol + 1;
        }
        return outputs;
    }
}
