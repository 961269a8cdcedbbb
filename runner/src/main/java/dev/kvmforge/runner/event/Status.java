package dev.kvmforge.runner.event;

import java.util.Locale;

/** What a task did on a host, in Ansible's words. */
public enum Status {
    OK, CHANGED, FAILED, SKIPPED, UNREACHABLE;

    /** The lower-case word, as the console and reports print it. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
