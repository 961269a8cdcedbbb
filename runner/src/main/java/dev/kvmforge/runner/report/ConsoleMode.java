package dev.kvmforge.runner.report;

/**
 * How the console reporter may draw: in colour, and with a live progress line rewritten in place. Both only on a
 * terminal; colour not when {@code NO_COLOR} is set.
 *
 * @param colour       ANSI colours (green ok, yellow changed, red failed, cyan skipped, purple warnings)
 * @param liveProgress the {@code ... still running on host (12s)} line for long tasks
 */
public record ConsoleMode(boolean colour, boolean liveProgress) {

    /** Plain text: no colour, no progress line. For files, pipes and tests. */
    public static final ConsoleMode PLAIN = new ConsoleMode(false, false);

    /** What standard output supports: a terminal that is not {@code TERM=dumb}, colour unless {@code NO_COLOR}. */
    public static ConsoleMode detect() {
        String term = System.getenv("TERM");
        boolean terminal = System.console() != null && !"dumb".equals(term);
        String noColor = System.getenv("NO_COLOR");
        return new ConsoleMode(terminal && (noColor == null || noColor.isEmpty()), terminal);
    }
}
