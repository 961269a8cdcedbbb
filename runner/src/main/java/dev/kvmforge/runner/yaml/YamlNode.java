package dev.kvmforge.runner.yaml;

import dev.kvmforge.runner.error.SourceLocation;

/** A YAML value with the place it was read from. */
public sealed interface YamlNode permits YamlMap, YamlList, YamlScalar {

    SourceLocation location();

    /** The plain Java value: {@code Map<String,Object>}, {@code List<Object>}, String, Boolean, Long, Double or null. */
    Object toPlain();

    /** What this node is, in the words an error message uses ("a mapping", "a list", "a string"...). */
    String describe();
}
