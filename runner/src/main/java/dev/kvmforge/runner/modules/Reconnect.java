package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.host.Host;

/**
 * For the modules that reach the host themselves ({@code wait_for_connection}, {@code reboot}): the host's
 * connection dropped and made again, as the run makes it, for a host that is booting or has just rebooted.
 */
@FunctionalInterface
public interface Reconnect {

    /** Not available: a module run outside a playbook (tests, the Java API) has no run to reconnect through. */
    Reconnect NONE = () -> {
        throw new IllegalStateException("no run to reconnect the host through");
    };

    /**
     * Closes the host's connection and opens a new one.
     *
     * @throws dev.kvmforge.runner.connection.UnreachableException when the host cannot be reached (yet)
     */
    Host reconnect();
}
