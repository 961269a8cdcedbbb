package dev.kvmforge.runner.host;

import java.util.Objects;
import java.util.function.Function;

/**
 * One thing known about a host, as pyinfra's facts are: the shell command that reads it and the parser that turns its
 * output into a typed value. {@link Host#fact} reads it once per host and run and keeps it; an operation that changes
 * it says so ({@link Host#know}, or {@link Host#forgetFacts}), so later tasks plan against the host as it will be.
 * Modules and checks read the same facts (the checks batch their commands into one round trip per host).
 *
 * @param name   unique among facts: {@code kvm}
 * @param script a POSIX shell script printing what {@code parse} reads; a fact about files reads them under
 *               {@code $R}, the root ({@code /} when a runner reads it, a snapshot's root for the checks)
 * @param parse  the value from the script's standard output
 * @param <T>    the fact's type
 */
public record HostFact<T>(String name, String script, Function<String, T> parse) {

    public HostFact {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(parse, "parse");
    }

    public static <T> HostFact<T> of(String name, String script, Function<String, T> parse) {
        return new HostFact<>(name, script, parse);
    }
}
