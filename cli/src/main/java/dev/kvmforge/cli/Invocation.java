package dev.kvmforge.cli;

import dev.kvmforge.runner.connection.Controller;
import dev.kvmforge.runner.connection.KeptSessions;
import dev.kvmforge.runner.report.ConsoleMode;
import java.time.Duration;

/**
 * One {@code kvmforge} command as the operator gave it: from which working directory and environment
 * ({@link Controller}), on which terminal, with which console output; and where its SSH sessions come from and go.
 *
 * @param controller the shell's working directory and environment
 * @param console    how output may draw (colour, progress line)
 * @param terminal   where secrets are typed and Ctrl-C comes from
 * @param kept       SSH sessions kept between runs (the resident process's), or null: each run logs in and out
 * @param interruptGrace how long running tasks may go on after Ctrl-C ({@link InterruptGuard})
 */
public record Invocation(Controller controller, ConsoleMode console, Terminal terminal, KeptSessions kept,
                         Duration interruptGrace) {

    /** The system property that sets the grace period after Ctrl-C, in seconds. */
    public static final String GRACE_PROPERTY = InterruptGuard.GRACE_PROPERTY;

    /** The grace period after Ctrl-C that {@link #GRACE_PROPERTY} set to {@code seconds} means (null: the default). */
    public static Duration interruptGrace(String seconds) {
        return InterruptGuard.grace(seconds);
    }

    /** A command of this process, output drawn as {@code console} says. */
    public static Invocation thisProcess(ConsoleMode console) {
        return new Invocation(Controller.thisProcess(), console, new LocalTerminal(System.in), null,
                InterruptGuard.grace(System.getProperty(InterruptGuard.GRACE_PROPERTY)));
    }
}
