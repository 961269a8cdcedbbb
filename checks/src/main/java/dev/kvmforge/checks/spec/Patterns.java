package dev.kvmforge.checks.spec;

import dev.kvmforge.runner.error.KvmforgeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/** Regular expressions of a spec, compiled when it is read so that a bad one is an error at its place. */
final class Patterns {

    private Patterns() {
    }

    /** The expressions under {@code key} (one or a list), with {@code ^} and {@code $} at line ends. */
    static List<Pattern> read(MappingReader m, String key) {
        List<Pattern> out = new ArrayList<>();
        for (String re : m.texts(key)) {
            try {
                out.add(Pattern.compile(re, Pattern.MULTILINE));
            } catch (PatternSyntaxException e) {
                throw KvmforgeException.parse(m.valueAt(key), "not a regular expression in " + key + ": '" + re
                        + "': " + e.getDescription(), "write a Java regular expression; quote it in single quotes");
            }
        }
        return out;
    }

    /**
     * A version pattern: {@code *} stands for any text, everything else is itself ({@code 8.0.*},
     * {@code 1:7.2+dfsg-*}).
     */
    static Pattern glob(String text) {
        return Pattern.compile(Arrays.stream(text.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".*")));
    }
}
