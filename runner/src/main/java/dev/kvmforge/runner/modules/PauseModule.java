package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code pause}: waits {@code seconds} or {@code minutes}, or, with neither, for the operator to press Enter after
 * {@code prompt}, whose answer is {@code user_input} ({@code echo: false} hides it as it is typed, and the task's
 * result as {@code no_log} would). Without a terminal there is no one
 * to ask: the task warns and goes on, as Ansible does when stdin is not interactive. Runs once for the whole batch, in
 * check mode too; never changed. A second Ctrl-C (abort) ends a pause early.
 */
public final class PauseModule implements ReadOnlyModule<PauseModule.Params> {

    /**
     * @param seconds how long to wait (whole seconds, at least 1)
     * @param minutes how long to wait, in minutes
     * @param prompt  the text shown while waiting for Enter
     * @param echo    whether what is typed shows (default true)
     */
    public record Params(Integer seconds, Integer minutes, String prompt, Boolean echo) {
    }

    private static final ParameterRules RULES = ParameterRules.NONE.mutuallyExclusive("minutes", "seconds",
            "a pause is given in one unit");

    @Override
    public String name() {
        return "pause";
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
    public boolean runsOnce() {
        return true;
    }

    @Override
    public ModuleResult read(ModuleContext context, Params p) {
        boolean echo = p.echo() == null || p.echo();
        long start = System.nanoTime();
        String started = LocalDateTime.now().toString().replace('T', ' ');
        List<String> warnings = new ArrayList<>();
        String input = "";
        String unit;
        if (p.seconds() != null || p.minutes() != null) {
            unit = p.minutes() != null ? "minutes" : "seconds";
            long seconds = Math.max(1, p.minutes() != null ? p.minutes() * 60L : p.seconds());
            sleep(Duration.ofSeconds(seconds));
        } else {
            unit = "minutes";
            String prompt = (p.prompt() == null ? "Press enter to continue, Ctrl+C to interrupt" : p.prompt())
                    + (echo ? "" : " (output is hidden)") + ":";
            String typed = context.prompter().ask(prompt, echo);
            if (typed == null) {
                warnings.add("Not waiting for response to prompt as stdin is not interactive");
            } else {
                input = typed;
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double shown = unit.equals("minutes") ? Math.round(elapsed / 60.0 * 100) / 100.0
                : Math.round(elapsed * 100) / 100.0;
        Map<String, Object> v = ModuleResult.valuesInOrder("rc", 0, "stderr", "", "stdout", "Paused for " + shown + " "
                + unit, "start", started, "stop", LocalDateTime.now().toString().replace('T', ' '), "delta",
                (int) elapsed, "echo", echo, "user_input", input);
        if (!warnings.isEmpty()) {
            v.put("warnings", warnings);
        }
        if (!echo && !input.isEmpty()) {
            v.put("_ansible_no_log", true); // a hidden answer is registered, never shown
        }
        return ModuleResult.ok(v);
    }

    /** Sleeps {@code d}; an abort (the thread interrupted) ends it as an error. */
    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvmforgeException(ErrorKind.GENERAL, "interrupted while waiting", null, null);
        }
    }
}
