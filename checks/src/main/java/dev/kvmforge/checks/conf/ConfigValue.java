package dev.kvmforge.checks.conf;

import java.util.List;
import java.util.stream.Collectors;

/** A value in a libvirt configuration file: a number, a string, or a list of values. */
public sealed interface ConfigValue {

    /** The value written back as libvirt would write it: {@code 1}, {@code "none"}, {@code [ "a", "b" ]}. */
    String written();

    /** An integer, such as {@code listen_tcp = 1}. */
    record Number(long value) implements ConfigValue {
        @Override
        public String written() {
            return Long.toString(value);
        }
    }

    /** A string, such as {@code auth_tcp = "none"}. */
    record Text(String value) implements ConfigValue {
        @Override
        public String written() {
            return value.contains("\n") ? "\"\"\"" + value + "\"\"\""
                    : value.contains("\"") ? "'" + value + "'" : "\"" + value + "\"";
        }
    }

    /** A list, such as {@code security_driver = [ "selinux", "dac" ]}. */
    record ListValue(List<ConfigValue> values) implements ConfigValue {
        public ListValue {
            values = List.copyOf(values);
        }

        @Override
        public String written() {
            return values.isEmpty() ? "[ ]"
                    : values.stream().map(ConfigValue::written).collect(Collectors.joining(", ", "[ ", " ]"));
        }
    }
}
