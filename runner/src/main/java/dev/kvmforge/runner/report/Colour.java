package dev.kvmforge.runner.report;

/** The ANSI colours of the console, as Ansible uses them. */
public enum Colour {
    OK("\u001b[0;32m"),
    CHANGED("\u001b[0;33m"),
    FAILED("\u001b[0;31m"),
    SKIPPED("\u001b[0;36m"),
    WARNING("\u001b[0;35m"),
    DEBUG("\u001b[1;30m"),
    DIFF_ADD("\u001b[0;32m"),
    DIFF_REMOVE("\u001b[0;31m"),
    DIFF_HUNK("\u001b[0;36m");

    private static final String RESET = "\u001b[0m";

    private final String code;

    Colour(String code) {
        this.code = code;
    }

    /** {@code text} in this colour. */
    public String paint(String text) {
        return code + text + RESET;
    }
}
