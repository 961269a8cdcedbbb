package dev.kvmforge.checks.conf;

/**
 * One {@code name = value} statement.
 *
 * @param name  the setting's name
 * @param value its value
 * @param line  the line it starts on (1-based)
 */
public record ConfigSetting(String name, ConfigValue value, int line) {

    /** {@code listen_tcp = 1}, as written back. */
    @Override
    public String toString() {
        return name + " = " + value.written();
    }
}
