package dev.kvmforge.runner.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.kvmforge.runner.yaml.Yaml;

/** Values as JSON text through the one mapper: compact for one line, or indented by four as Ansible prints. */
final class JsonText {

    private static final ObjectWriter COMPACT = Yaml.binder().writer();

    private static final ObjectWriter PRETTY = Yaml.binder().writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("    ", "\n"))
            .withArrayIndenter(new DefaultIndenter("    ", "\n")));

    private JsonText() {
    }

    /** {@code value} on one line; anything the mapper cannot write becomes its string form. */
    static String compact(Object value) {
        return write(COMPACT, value);
    }

    /** {@code value} over several lines, indented by four spaces. */
    static String pretty(Object value) {
        return write(PRETTY, value);
    }

    private static String write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            try {
                return writer.writeValueAsString(String.valueOf(value));
            } catch (JsonProcessingException again) {
                return String.valueOf(value);
            }
        }
    }
}
