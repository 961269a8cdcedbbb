package dev.kvmforge.runner.yaml;

import dev.kvmforge.runner.error.SourceLocation;

/** A scalar: String, Boolean, Long, Double, or null for an empty value or {@code ~}. */
public record YamlScalar(Object value, SourceLocation location) implements YamlNode {

    @Override
    public Object toPlain() {
        return value;
    }

    /** The scalar as text, as the playbook author wrote it (numbers and booleans printed back). */
    public String text() {
        return value == null ? "" : String.valueOf(value);
    }

    @Override
    public String describe() {
        if (value == null) {
            return "an empty value";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Number) {
            return "a number";
        }
        return "a string";
    }
}
