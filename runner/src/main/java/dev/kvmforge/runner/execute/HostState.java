package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.connection.ConnectionSpec;
import dev.kvmforge.runner.event.HostStats;
import dev.kvmforge.runner.event.Status;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.inventory.InventoryHost;
import dev.kvmforge.runner.modules.Forecast;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One host during a run: its connection, the variables it gained (facts; include_vars; set_fact and register, each at
 * its own level of precedence, see {@link Variables}), and its tallies. Guarded by the object's lock.
 */
final class HostState {

    final InventoryHost inventory;
    Host host;
    /** How {@link #host} was reached. */
    ConnectionSpec spec;
    /** Gathered facts and those a module returns (setup, set_fact with cacheable): below play vars. */
    final Map<String, Object> facts = new LinkedHashMap<>();
    /** What include_vars read: above task vars. */
    final Map<String, Object> includedVars = new LinkedHashMap<>();
    /** set_fact and registered results (and ansible_failed_task/_result in a rescue): above include_vars. */
    final Map<String, Object> runVars = new LinkedHashMap<>();
    final Set<String> notified = new LinkedHashSet<>();
    final Forecast forecast = new Forecast();
    HostStats stats = HostStats.ZERO;
    boolean failed;
    /** The last failure that ended this host's part of the play: what a rescue sees as ansible_failed_task/_result. */
    Map<String, Object> failedTask;
    Map<String, Object> failedResult;
    boolean unreachable;
    boolean ended;

    /** Whether the host's facts were gathered in this run (and not cleared since). */
    synchronized boolean gatheredFacts() {
        return facts.containsKey("ansible_facts");
    }

    HostState(InventoryHost inventory) {
        this.inventory = inventory;
    }

    String name() {
        return inventory.name();
    }

    /** Whether tasks still run on this host in the current play. */
    boolean active() {
        return !failed && !unreachable && !ended;
    }

    synchronized void count(Status status, boolean ignored) {
        stats = stats.plus(status, ignored);
    }

    synchronized void rescued() {
        stats = stats.rescue();
    }
}
