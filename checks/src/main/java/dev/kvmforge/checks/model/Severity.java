package dev.kvmforge.checks.model;

import java.util.Locale;

/** How much a failing check matters, lowest first (InSpec's impact, in words). */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    /** The severity named in any case: {@code info}, {@code low}, {@code medium}, {@code high}, {@code critical}. */
    public static Severity parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown severity '" + name + "': use info, low, medium, high or critical");
        }
    }

    /** Whether this severity is {@code other} or above it. */
    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
