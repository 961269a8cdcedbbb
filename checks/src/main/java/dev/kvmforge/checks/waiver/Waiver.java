package dev.kvmforge.checks.waiver;

import dev.kvmforge.runner.error.SourceLocation;
import dev.kvmforge.runner.inventory.HostPattern;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.inventory.InventoryHost;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * An accepted failure: the check {@code checkId} may fail on the hosts {@code hosts} selects, for the reason given,
 * until the end of {@code expires}.
 *
 * @param checkId       the check's id
 * @param hosts         an inventory host pattern ({@code kvm*}, {@code lab:!lab3}), or null for every host
 * @param justification why the failure is accepted
 * @param expires       the last day the waiver applies
 * @param location      where it is written
 */
public record Waiver(String checkId, String hosts, String justification, LocalDate expires, SourceLocation location) {

    public Waiver {
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(justification, "justification");
        Objects.requireNonNull(expires, "expires");
    }

    /** Whether it is about {@code id} on {@code host} (its groups count, as in {@code --limit}). */
    public boolean covers(InventoryHost host, String id) {
        if (!checkId.equals(id)) {
            return false;
        }
        return hosts == null || !HostPattern.parse(hosts).select(Inventory.of(List.of(host))).isEmpty();
    }

    /** Whether {@code today} is past its last day. */
    public boolean expired(LocalDate today) {
        return today.isAfter(expires);
    }
}
