package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/**
 * {@code state: present} or {@code state: absent}: whether what a module keeps (a line, a block, a user, a group, a
 * setting, a source) should be there. The one spelling of it, for every module that has only these two states.
 */
public enum Presence {
    PRESENT, ABSENT;

    @JsonCreator
    public static Presence parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state '" + s + "' is not one of present, absent");
        }
    }

    /** As a task writes it: {@code present}, {@code absent}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
