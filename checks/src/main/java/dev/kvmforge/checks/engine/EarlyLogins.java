package dev.kvmforge.checks.engine;

import dev.kvmforge.runner.connection.ConnectionVars;
import dev.kvmforge.runner.connection.KeptSessions;
import dev.kvmforge.runner.connection.SshConnector;
import dev.kvmforge.runner.inventory.InventoryHost;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the SSH logins of a run while the JUnit Platform discovers the checks: each host is logged in to with the
 * spec the engine will ask for, so the engine's {@code open} finds the connection up (see
 * {@link SshConnector#prepare}).
 */
public final class EarlyLogins {

    private EarlyLogins() {
    }

    /**
     * Starts logging in to {@code hosts} as {@code parameters} (the run's configuration parameters) say, but not to
     * those whose login {@code kept} (null: none) holds a session of.
     *
     * @throws dev.kvmforge.runner.error.KvmforgeException {@code OPTIONS} for a host key policy that makes no sense
     */
    public static void start(Map<String, String> parameters, Collection<InventoryHost> hosts, KeptSessions kept) {
        ConnectionVars.Overrides overrides = EngineSettings.overrides(k -> Optional.ofNullable(parameters.get(k)));
        for (InventoryHost h : hosts) {
            try {
                SshConnector.prepare(h.name(), ConnectionVars.spec(h.name(), h.vars(), overrides), kept);
            } catch (RuntimeException e) {
                // the engine meets the same problem when it opens the host, and reports it there
            }
        }
    }
}
