package dev.kvmforge.runner.host;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A file's permission bits. Written as an octal string ({@code "0644"}, {@code "644"}) or as a YAML 1.1 octal
 * number ({@code 0644}, read as 420), exactly as Ansible takes them.
 */
public record FileMode(int bits) {

    public FileMode {
        if (bits < 0 || bits > 07777) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(bits) + " is out of range 0000-7777");
        }
    }

    @JsonCreator
    public static FileMode parse(Object value) {
        if (value instanceof Number n) {
            return new FileMode(n.intValue());
        }
        String s = String.valueOf(value).trim();
        if (s.startsWith("0o")) {
            s = s.substring(2);
        }
        if (!s.matches("[0-7]{1,4}")) {
            throw new IllegalArgumentException("mode '" + value + "' is not an octal mode such as '0644' or '0755'"
                    + " (quote it in YAML so that it stays a string)");
        }
        return new FileMode(Integer.parseInt(s, 8));
    }

    /** Four octal digits, as {@code chmod} takes them: {@code 0644}. */
    @JsonValue
    public String octal() {
        return String.format("%04o", bits);
    }

    @Override
    public String toString() {
        return octal();
    }
}
