package dev.kvmforge.cli;

import dev.kvmforge.runner.connection.HostKeyPolicy;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --host-key-policy strict|accept-new|off}: the converter and the completion candidates. */
final class HostKeyPolicyOption implements ITypeConverter<HostKeyPolicy>, Iterable<String> {

    @Override
    public HostKeyPolicy convert(String value) {
        try {
            return HostKeyPolicy.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    @Override
    public Iterator<String> iterator() {
        return List.of("strict", "accept-new", "off").iterator();
    }
}
