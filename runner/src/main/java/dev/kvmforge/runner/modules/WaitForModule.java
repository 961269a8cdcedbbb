package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.template.PythonRegex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * {@code wait_for}: waits, as seen from the host, until a TCP port answers ({@code started}) or no longer does
 * ({@code stopped}), or a file exists ({@code present}; with {@code search_regex}, until its text matches, Python's
 * regular expressions, multi-line) or is gone ({@code absent}); with neither port nor path, simply {@code timeout}
 * seconds. Checks every {@code sleep} seconds after {@code delay}; fails after {@code timeout} with Ansible's message
 * or {@code msg}. A port is tried from the host with bash's {@code /dev/tcp} (no Python, no netcat needed). Runs in
 * check mode too; never changed. Not here yet, and refused by name: {@code state: drained}, {@code search_regex} on a
 * port.
 */
public final class WaitForModule implements ReadOnlyModule<WaitForModule.Params> {

    /** What to wait for. */
    public enum State {
        STARTED, PRESENT, STOPPED, ABSENT, DRAINED;

        @JsonCreator
        public static State parse(String s) {
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("state '" + s + "' is not one of absent, drained, present, started,"
                        + " stopped");
            }
        }
    }

    /**
     * @param host           the address to try a port on, from the host (default 127.0.0.1)
     * @param port           the TCP port
     * @param path           a file on the host
     * @param searchRegex    a regular expression the file's text must match
     * @param state          started (default), present, stopped, absent
     * @param delay          seconds before the first check (default 0)
     * @param timeout        seconds before giving up (default 300)
     * @param sleep          seconds between checks (default 1)
     * @param connectTimeout seconds one try of the port may take (default 5)
     * @param msg            the failure message instead of Ansible's
     */
    public record Params(String host, Integer port, String path, String searchRegex, State state, Integer delay,
                         Integer timeout, Integer sleep, Integer connectTimeout, String msg) {
        public Params {
            host = host == null ? "127.0.0.1" : host;
            state = state == null ? State.STARTED : state;
            delay = delay == null ? 0 : delay;
            timeout = timeout == null ? 300 : timeout;
            sleep = sleep == null ? 1 : sleep;
            connectTimeout = connectTimeout == null ? 5 : connectTimeout;
            if (state == State.DRAINED) {
                throw new IllegalArgumentException("state 'drained' (waiting for a port's connections to end) is not"
                        + " supported yet");
            }
            if (path != null && state == State.STOPPED) {
                throw new IllegalArgumentException("state=stopped should only be used for checking a port; for a file"
                        + " write state: absent");
            }
            if (port != null && searchRegex != null) {
                throw new IllegalArgumentException("search_regex on a port (reading what it sends) is not supported"
                        + " yet; it works with path");
            }
        }
    }

    private static final ParameterRules RULES = ParameterRules.NONE
            .mutuallyExclusive("port", "path", "port and path parameter can not both be passed to wait_for");

    @Override
    public String name() {
        return "wait_for";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public ParameterRules rules() {
        return RULES;
    }

    @Override
    public ModuleResult read(ModuleContext context, Params p) {
        long start = System.nanoTime();
        PythonRegex regex = p.searchRegex() == null ? null : PythonRegex.compile(p.searchRegex(), false, true);
        PauseModule.sleep(Duration.ofSeconds(Math.max(0, p.delay())));
        long end = start + Duration.ofSeconds(p.delay() + p.timeout()).toNanos();
        if (p.port() == null && p.path() == null) {
            PauseModule.sleep(Duration.ofSeconds(p.timeout()));
            return done(p, start, List.of(), Map.of());
        }
        while (true) {
            Optional<Matcher> met = met(context, p, regex);
            if (met.isPresent()) {
                Matcher m = met.get();
                List<String> groups = new ArrayList<>();
                Map<String, String> named = new LinkedHashMap<>();
                if (regex != null) {
                    for (int i = 1; i <= m.groupCount(); i++) {
                        groups.add(m.group(i));
                    }
                    regex.groups().keySet().stream().sorted().forEach(n -> named.put(n, regex.group(m, n)));
                }
                return done(p, start, groups, named);
            }
            if (System.nanoTime() >= end) {
                return ModuleResult.failed(p.msg() != null ? p.msg() : timedOut(p), Map.of("elapsed",
                        elapsed(start)));
            }
            PauseModule.sleep(Duration.ofSeconds(Math.max(1, p.sleep())));
        }
    }

    /** The match when the condition holds now (an empty matcher where there is no regex), else empty. */
    private static Optional<Matcher> met(ModuleContext context, Params p, PythonRegex regex) {
        Matcher none = java.util.regex.Pattern.compile("").matcher("");
        none.find();
        if (p.port() != null) {
            boolean open = portOpen(context, p);
            return open == (p.state() == State.STARTED || p.state() == State.PRESENT) ? Optional.of(none)
                    : Optional.empty();
        }
        if (p.state() == State.ABSENT) {
            return context.host().stat(p.path()).isEmpty() ? Optional.of(none) : Optional.empty();
        }
        if (regex == null) {
            return context.host().stat(p.path()).isPresent() ? Optional.of(none) : Optional.empty();
        }
        Optional<String> text = context.host().readText(p.path());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = regex.pattern().matcher(text.get());
        return m.find() ? Optional.of(m) : Optional.empty();
    }

    /** Whether {@code host:port} accepts a TCP connection, tried from the host. */
    private static boolean portOpen(ModuleContext context, Params p) {
        ExecResult r = context.host().run(Shell.command(List.of("timeout", String.valueOf(Math.max(1,
                p.connectTimeout())), "bash", "-c", ": <>/dev/tcp/\"$0\"/\"$1\"", p.host(), String.valueOf(p.port())))
                + " 2>/dev/null");
        if (r.exitStatus() == 127) {
            throw new BadParameter(ErrorKind.TASK, "wait_for: cannot try port " + p.port() + " on "
                    + context.host().name() + ": bash or timeout is not installed there",
                    "install bash and coreutils on the host", List.of("port"));
        }
        return r.ok();
    }

    private static String timedOut(Params p) {
        if (p.port() != null) {
            return "Timeout when waiting for " + p.host() + ":" + p.port()
                    + (p.state() == State.STOPPED || p.state() == State.ABSENT ? " to stop." : "");
        }
        if (p.state() == State.ABSENT) {
            return "Timeout when waiting for " + p.path() + " to be absent.";
        }
        return p.searchRegex() != null ? "Timeout when waiting for search string " + p.searchRegex() + " in "
                + p.path() : "Timeout when waiting for file " + p.path();
    }

    private static ModuleResult done(Params p, long start, List<String> groups, Map<String, String> named) {
        return ModuleResult.ok(ModuleResult.valuesInOrder("state", p.state().name().toLowerCase(Locale.ROOT),
                "port", p.port(), "search_regex", p.searchRegex(), "match_groups", groups, "match_groupdict", named,
                "path", p.path(), "elapsed", elapsed(start)));
    }

    private static int elapsed(long start) {
        return (int) ((System.nanoTime() - start) / 1_000_000_000L);
    }
}
