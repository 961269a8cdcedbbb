package dev.kvmforge.maven;

import dev.kvmforge.runner.error.Suggestions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A check's severity, lowest first, as {@code failOn} names it. Moves to the checks engine's own type when
 * {@code kvm:verify} is wired to it.
 */
enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    /** The valid words, lowest first. */
    static List<String> words() {
        return Arrays.stream(values()).map(Severity::word).toList();
    }

    /** {@code info}, {@code low}, {@code medium}, {@code high} or {@code critical}, in any case. */
    static Severity parse(String parameter, String value) throws IllegalArgumentException {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (Severity s : values()) {
            if (s.word().equals(v)) {
                return s;
            }
        }
        List<String> near = Suggestions.nearest(v, words());
        throw new IllegalArgumentException(parameter + ": unknown severity '" + value + "': use one of "
                + String.join(", ", words()) + (near.isEmpty() ? "" : " (did you mean " + String.join(", ", near) + "?)"));
    }

    /** Whether a failed check of this severity is at least {@code threshold}. */
    boolean atLeast(Severity threshold) {
        return compareTo(threshold) >= 0;
    }

    String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
