package dev.kvmforge.runner.connection;

import java.util.Arrays;

/**
 * A password or passphrase. It prints as {@code ********}: never in output, logs, events, reports or argv.
 * Only {@link #reveal()} gives the characters, to the one place that sends them (stdin or the SSH auth).
 */
public final class Secret {

    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return value == null ? null : new Secret(value.toCharArray());
    }

    public static Secret of(char[] value) {
        return value == null ? null : new Secret(Arrays.copyOf(value, value.length));
    }

    public String reveal() {
        return new String(value);
    }

    public boolean isEmpty() {
        return value.length == 0;
    }

    @Override
    public String toString() {
        return "********";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && Arrays.equals(s.value, value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }
}
