package dev.kvmforge.checks.engine;

import dev.kvmforge.checks.waiver.Waivers;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

/** The root of the tree: the run's hosts, and the waivers read at discovery for execution to apply. */
final class ChecksEngineDescriptor extends EngineDescriptor {

    private Waivers waivers = Waivers.none();

    ChecksEngineDescriptor(UniqueId uniqueId) {
        super(uniqueId, "kvmforge host checks");
    }

    Waivers waivers() {
        return waivers;
    }

    void waivers(Waivers w) {
        this.waivers = w;
    }
}
