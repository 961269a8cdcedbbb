package dev.kvmforge.checks.probe;

import java.util.Objects;
import java.util.function.Function;

/**
 * One thing to read on a host: a POSIX shell fragment and the reader that turns its output into a value.
 *
 * <p>The fragment runs in a subshell with stdin closed and {@code $R} set to the snapshot's root (empty for
 * {@code /}); it may {@code exit} with a status of its own (the reader sees it), and must not read stdin or print
 * lines starting with {@code @@kvmforge-}. Probes are told apart by name: two probes of one name are the same probe.
 *
 * @param name   unique name: {@code devices}, {@code file:/etc/libvirt/qemu.conf}
 * @param script the shell fragment (quote every value with the runner's {@code Shell.quote})
 * @param reader turns the output into the value checks use; may throw to say the output makes no sense
 * @param <T>    what the probe gives
 */
public record Probe<T>(String name, String script, Function<ProbeOutput, T> reader) {

    public Probe {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("a probe name has no blanks: '" + name + "'");
        }
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(reader, "reader");
    }

    public static <T> Probe<T> of(String name, String script, Function<ProbeOutput, T> reader) {
        return new Probe<>(name, script, reader);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Probe<?> p && p.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "Probe[" + name + "]";
    }
}
