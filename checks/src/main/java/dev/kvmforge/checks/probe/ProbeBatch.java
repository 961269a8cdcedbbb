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
 * <p>Each probe runs in its own subshell, so one failing probe does not stop the others; its stdout, stderr and exit
 * status are framed by marker lines carrying a random token, so no file content can be taken for a marker. The
 * frame costs no process of its own (a subshell is a fork, the markers are {@code printf}, stderr is shown only when
 * there is some): the whole catalogue is about 40 processes on the host, not 90.
 *
 * <p>Where the host has a {@code timeout} that takes {@code -k} (coreutils, recent busybox), the probes run under one:
 * when they overrun {@code timeout} they are killed, the probes that finished keep their answers, and the one that
 * hung is named (see {@link #hung(String)}).
 *
 * @param probes  the probes, each once, in order
 * @param root    the directory standing in for {@code /} in the probes that read files under {@code $R}
 * @param timeout how long the probes may take together
 * @param token   the random part of the marker lines
 */
public record ProbeBatch(List<Probe<?>> probes, String root, Duration timeout, String token) {

    /** How long the probes may take together unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private static final SecureRandom RANDOM = new SecureRandom();

    public ProbeBatch {
        probes = List.copyOf(probes);
        root = normalizeRoot(root);
        if (timeout.toSeconds() < 1) {
            throw new IllegalArgumentException("probes need at least a second, not " + timeout);
        }
    }

    /** A batch of these probes (duplicates by name dropped) read under {@code root} ({@code /} or null: the host's own). */
    public static ProbeBatch of(Collection<? extends Probe<?>> probes, String root) {
        return of(probes, root, DEFAULT_TIMEOUT);
    }

    /** As {@link #of(Collection, String)}, the probes allowed {@code timeout} together. */
    public static ProbeBatch of(Collection<? extends Probe<?>> probes, String root, Duration timeout) {
        Map<String, Probe<?>> unique = new LinkedHashMap<>();
        probes.forEach(p -> unique.putIfAbsent(p.name(), p));
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return new ProbeBatch(new ArrayList<>(unique.values()), root, timeout, HexFormat.of().formatHex(b));
    }

    /** The longest the command can take: the probes' time and a margin for the host's {@code timeout} to act. */
    public Duration commandTimeout() {
        return timeout.plusSeconds(10);
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
        StringBuilder probeLines = new StringBuilder();
        probeLines.append("t=$(mktemp 2>/dev/null) || t=/tmp/kvmforge-probe.$$\n");
        probeLines.append("trap 'rm -f \"$t\"' EXIT\n");
        for (Probe<?> p : probes) {
            String n = Shell.quote(p.name());
            probeLines.append("printf '%s begin %s\\n' \"$M\" ").append(n).append('\n');
            probeLines.append("(\n").append(p.script().strip()).append("\n) 2>\"$t\" </dev/null\n");
            probeLines.append("s=$?\n");
            probeLines.append("printf '\\n%s stderr %s\\n' \"$M\" ").append(n).append('\n');
            probeLines.append("if [ -s \"$t\" ]; then cat \"$t\"; fi\n");
            probeLines.append("printf '\\n%s end %s %s\\n' \"$M\" ").append(n).append(" \"$s\"\n");
        }
        StringBuilder s = new StringBuilder();
        s.append("M=").append(Shell.quote(marker())).append('\n');
        s.append("R=").append("/".equals(root) ? "''" : Shell.quote(root)).append('\n');
        s.append("export M R\n");
        s.append("if timeout -k 1 5 true 2>/dev/null; then T='timeout -k 2 ").append(timeout.toSeconds())
                .append("'; else T=; fi\n");
        s.append("$T sh -c ").append(Shell.quote(probeLines.toString())).append('\n');
        return s.toString();
    }

    /**
     * The probe that began but did not end in {@code stdout}: the one that hung when the probes were killed, or
     * null when none did.
     */
    public String hung(String stdout) {
        Map<String, ProbeOutput> finished = read(stdout);
        for (Probe<?> p : probes) {
            if (!finished.containsKey(p.name())) {
                return stdout.contains(marker() + " begin " + p.name() + "\n") ? p.name() : null;
            }
        }
        return null;
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
                    Integer.parseInt(status),
                    stdout.substring(outStart, e), stdout.substring(errStart, end)));
            from = eol < 0 ? stdout.length() : eol + 1;
        }
        return outputs;
    }
}
