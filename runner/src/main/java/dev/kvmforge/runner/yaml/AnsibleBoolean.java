package dev.kvmforge.runner.yaml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * A boolean as Ansible reads module options and keywords ({@code convert_bool}): {@code true}/{@code false}, and also
 * the words {@code yes}, {@code on}, {@code y}, {@code t}, {@code 1} (and their opposites) in any case, so the short
 * form {@code backup=yes} binds and {@code become: t} means what it does to Ansible. The one vocabulary for both.
 */
public final class AnsibleBoolean extends StdScalarDeserializer<Boolean> {

    private static final Set<String> TRUE = Set.of("y", "yes", "on", "1", "true", "t");
    private static final Set<String> FALSE = Set.of("n", "no", "off", "0", "false", "f");

    AnsibleBoolean() {
        super(Boolean.class);
    }

    /** The boolean {@code text} says, or null when it is not one of the words. */
    public static Boolean of(String text) {
        String word = text.strip().toLowerCase(Locale.ROOT);
        return TRUE.contains(word) ? Boolean.TRUE : FALSE.contains(word) ? Boolean.FALSE : null;
    }

    @Override
    public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            String text = p.getText();
            Boolean word = of(text);
            if (Boolean.TRUE.equals(word) || t == JsonToken.VALUE_NUMBER_FLOAT && p.getDoubleValue() == 1.0) {
                return true;
            }
            if (Boolean.FALSE.equals(word) || t == JsonToken.VALUE_NUMBER_FLOAT && p.getDoubleValue() == 0.0) {
                return false;
            }
            return (Boolean) ctxt.handleWeirdStringValue(Boolean.class, text, "not a boolean");
        }
        return (Boolean) ctxt.handleUnexpectedToken(Boolean.class, p);
    }
}
