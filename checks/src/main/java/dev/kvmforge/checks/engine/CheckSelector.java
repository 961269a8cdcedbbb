package dev.kvmforge.checks.engine;

import java.util.Objects;
import org.junit.platform.engine.DiscoverySelector;

/**
 * Selects checks by id, with {@code *} and {@code ?} wildcards ({@code HV-DEV-*}). Several check selectors add up;
 * given any, only the checks they match run (within {@code kvmforge.checks} and {@code kvmforge.tags} when set).
 *
 * @param pattern a check id or a pattern of ids
 */
public record CheckSelector(String pattern) implements DiscoverySelector {

    public CheckSelector {
        Objects.requireNonNull(pattern, "pattern");
    }

    public static CheckSelector of(String pattern) {
        return new CheckSelector(pattern);
    }
}
