package dev.kvmforge.checks.engine;

import dev.kvmforge.runner.inventory.InventoryHost;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/** One inventory host: the container of its check groups, run with one connection and one probe command. */
final class HostDescriptor extends AbstractTestDescriptor {

    private final InventoryHost host;

    HostDescriptor(UniqueId engineId, InventoryHost host) {
        super(engineId.append(HostChecksEngine.HOST_SEGMENT, host.name()), host.name());
        this.host = host;
    }

    InventoryHost host() {
        return host;
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }
}
