package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size in bytes as an operator writes it: a whole number of bytes ({@code 1048576}) or one with a binary unit
 * {@code K}, {@code M}, {@code G}, {@code T} or {@code P} ({@code 512M}, {@code 20G}), as {@code qemu-img} reads it.
 * Anything else ({@code 20 GB}, {@code -1G}, {@code abc}) is refused with the reason.
 *
 * @param bytes the size in bytes, more than 0
 */
public record ByteSize(long bytes) {

    private static final Pattern WRITTEN = Pattern.compile("([0-9]+)([KMGTP]?)", Pattern.CASE_INSENSITIVE);
    private static final String UNITS = "KMGTP";
    private static final String[] NAMES = {"KiB", "MiB", "GiB", "TiB", "PiB"};

    public ByteSize {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a size must be more than 0 bytes, not " + bytes);
        }
    }

    /** Reads a size from a playbook value: a whole number of bytes, or text such as {@code 20G}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ByteSize parse(Object written) {
        if (written instanceof Integer || written instanceof Long) {
            return new ByteSize(((Number) written).longValue());
        }
        String text = String.valueOf(written);
        Matcher m = WRITTEN.matcher(text);
        if (!(written instanceof String) || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size: write whole bytes or a number with K, M,"
                    + " G, T or P (binary units, no space), such as 20G or 512M");
        }
        int power = m.group(2).isEmpty() ? 0 : UNITS.indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 1;
        try {
            long n = Long.parseLong(m.group(1));
            for (int i = 0; i < power; i++) {
                n = Math.multiplyExact(n, 1024L);
            }
            return new ByteSize(n);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
    }

    /** Whether the size is a whole number of {@code unit} bytes. */
    public boolean multipleOf(long unit) {
        return bytes % unit == 0;
    }

    /** For {@code qemu-img}: the bytes as a plain number. */
    public String argument() {
        return Long.toString(bytes);
    }

    /** Exactly, in the largest binary unit that divides it: {@code 20 GiB}, {@code 1536 MiB}, {@code 1000 bytes}. */
    public String human() {
        return human(bytes);
    }

    /** Any count of bytes (0 included) as {@link #human()} writes it. */
    public static String human(long bytes) {
        for (int i = NAMES.length; i >= 1 && bytes != 0; i--) {
            long unit = 1L << (10 * i);
            if (bytes % unit == 0) {
                return bytes / unit + " " + NAMES[i - 1];
            }
        }
        return bytes + (bytes == 1 ? " byte" : " bytes");
    }

    @Override
    public String toString() {
        return human();
    }
}
