package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.host.Host;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code command}: runs a program with arguments, no shell features ({@code $HOME}, pipes and {@code >} are not
 * interpreted). Always {@code changed} unless {@code creates} or {@code removes} says there is nothing to do, or
 * {@code changed_when} says otherwise. In check mode it does not run (see {@link #planned}).
 */
public class CommandModule implements Module<CommandModule.Params> {

    /**
     * @param cmd     the command line (the free-form text)
     * @param argv    the program and its arguments as a list, instead of {@code cmd}
     * @param chdir   directory to run in
     * @param creates a path: when it exists, the command is not run
     * @param removes a path: when it does not exist, the command is not run
     * @param stdin   text fed to the command
     * @param stdinAddNewline add a newline after {@code stdin} (default true)
     */
    public record Params(@JsonAlias("_raw_params") String cmd, List<String> argv, String chdir, String creates,
                         String removes, String stdin, Boolean stdinAddNewline, String executable) {
        public Params {
            if ((cmd == null || cmd.isBlank()) && (argv == null || argv.isEmpty())) {
                throw new IllegalArgumentException("no command given: write 'command: PROGRAM ARGS' or give cmd or argv");
            }
        }
    }

    @Override
    public String name() {
        return "command";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public String freeFormParameter() {
        return "cmd";
    }

    /** The shell text for the command: quoted words here, the text as written for {@code shell}. */
    protected String commandLine(Params p) {
        return p.argv() != null && !p.argv().isEmpty() ? Shell.command(p.argv()) : Shell.command(Words.split(p.cmd()));
    }

    /** The command as the operator wrote it, for messages and the registered {@code cmd}. */
    private static String shown(Params p) {
        return p.argv() != null && !p.argv().isEmpty() ? String.join(" ", p.argv()) : p.cmd();
    }

    @Override
    public Plan plan(ModuleContext context, Params p) {
        Host host = context.host();
        if (p.creates() != null && host.stat(p.creates()).isPresent()) {
            return Plan.none(ModuleResult.valuesInOrder("cmd", shown(p), "rc", 0, "stdout", "", "stderr", "",
                    "msg", "skipped, since " + p.creates() + " exists"));
        }
        if (p.removes() != null && host.stat(p.removes()).isEmpty()) {
            return Plan.none(ModuleResult.valuesInOrder("cmd", shown(p), "rc", 0, "stdout", "", "stderr", "",
                    "msg", "skipped, since " + p.removes() + " does not exist"));
        }
        return Plan.of(Change.of("run: " + shown(p)));
    }

    /**
     * In check mode, as Ansible's command module: a command that would run is not run; without {@code creates} or
     * {@code removes} the task is skipped, with them it is changed; either way it registers {@code rc} 0 and empty
     * output, so that later tasks reading {@code result.stdout} plan on.
     */
    @Override
    public ModuleResult planned(ModuleContext context, Params p, Plan plan) {
        if (plan.isEmpty() || !context.checkMode()) {
            return ModuleResult.of(plan);
        }
        Map<String, Object> v = ModuleResult.valuesInOrder("cmd", shown(p), "rc", 0, "stdout", "", "stderr", "",
                "stdout_lines", List.of(), "stderr_lines", List.of(), "msg", WOULD_RUN);
        if (p.creates() == null && p.removes() == null) {
            v.put("skipped", true);
            return ModuleResult.ok(WOULD_RUN, v);
        }
        return new ModuleResult(true, false, WOULD_RUN, v, List.of());
    }

    private static final String WOULD_RUN = "Command would have run if not in check mode";

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        String line = commandLine(p);
        if (p.chdir() != null) {
            line = "cd " + Shell.quote(p.chdir()) + " && " + line;
        }
        byte[] in = null;
        if (p.stdin() != null) {
            boolean nl = p.stdinAddNewline() == null || p.stdinAddNewline();
            in = (p.stdin() + (nl ? "\n" : "")).getBytes(StandardCharsets.UTF_8);
        }
        Instant start = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ExecResult r = context.host().run(line, in);
        Instant end = Instant.now().truncatedTo(ChronoUnit.MICROS);
        context.host().forgetFacts(); // a command may change anything: later tasks read the host again
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("cmd", shown(p));
        v.put("rc", r.exitStatus());
        v.put("stdout", strip(r.stdout()));
        v.put("stderr", strip(r.stderr()));
        v.put("stdout_lines", lines(r.stdout()));
        v.put("stderr_lines", lines(r.stderr()));
        v.put("start", timestamp(start));
        v.put("end", timestamp(end));
        v.put("delta", delta(Duration.between(start, end)));
        if (!r.ok()) {
            return new ModuleResult(true, true, "non-zero return code " + r.exitStatus(), v, List.of());
        }
        return ModuleResult.changed(v);
    }

    /** A moment as Ansible's command module gives it: {@code 2026-11-24 03:17:48.123456}, local time. */
    static String timestamp(Instant t) {
        LocalDateTime l = LocalDateTime.ofInstant(t, ZoneId.systemDefault());
        StringBuilder b = new StringBuilder(26).append(l.getYear()).append('-');
        pad(b, l.getMonthValue(), 2).append('-');
        pad(b, l.getDayOfMonth(), 2).append(' ');
        pad(b, l.getHour(), 2).append(':');
        pad(b, l.getMinute(), 2).append(':');
        pad(b, l.getSecond(), 2).append('.');
        return pad(b, l.getNano() / 1000, 6).toString();
    }

    /** A duration as Python prints a timedelta: {@code 0:00:00.188000}, {@code 0:01:05}, {@code 1 day, 2:00:00}. */
    static String delta(Duration elapsed) {
        Duration d = elapsed.isNegative() ? Duration.ZERO : elapsed;
        long days = d.toDays();
        long micros = d.toNanosPart() / 1000;
        StringBuilder b = new StringBuilder();
        if (days != 0) {
            b.append(days).append(days == 1 ? " day, " : " days, ");
        }
        b.append(d.toHoursPart()).append(':');
        pad(b, d.toMinutesPart(), 2).append(':');
        pad(b, d.toSecondsPart(), 2);
        if (micros != 0) {
            pad(b.append('.'), micros, 6);
        }
        return b.toString();
    }

    /** {@code n} (not negative) with leading zeros to {@code width} digits; String.format is slow on a cold JVM. */
    private static StringBuilder pad(StringBuilder b, long n, int width) {
        String digits = Long.toString(n);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(digits);
    }

    private static String strip(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static List<String> lines(String s) {
        String t = strip(s);
        return t.isEmpty() ? List.of() : List.of(t.split("\n", -1));
    }
}
