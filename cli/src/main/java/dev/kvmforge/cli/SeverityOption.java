package dev.kvmforge.cli;

import dev.kvmforge.checks.model.Severity;
import dev.kvmforge.runner.error.Suggestions;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --fail-on info|low|medium|high|critical}: the converter and the completion candidates. */
final class SeverityOption implements ITypeConverter<Severity>, Iterable<String> {

    private static final List<String> NAMES = Arrays.stream(Severity.values()).map(Severity::toString).toList();

    @Override
    public Severity convert(String value) {
        try {
            return Severity.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not a severity; "
                    + Suggestions.hint(value.toLowerCase(Locale.ROOT), NAMES, "severities") + " (use "
                    + String.join(", ", NAMES) + ")");
        }
    }

    @Override
    public Iterator<String> iterator() {
        return NAMES.iterator();
    }
}
