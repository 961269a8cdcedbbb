package dev.kvmforge.runner.execute;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kvmforge.runner.yaml.Yaml;

/** A compact JSON rendering of a value, for loop labels. */
final class Jsonish {

    private Jsonish() {
    }

    static String of(Object value) {
        try {
            return Yaml.binder().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
