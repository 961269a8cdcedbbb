package dev.kvmforge.checks.engine;

import dev.kvmforge.checks.model.CheckGroup;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/**
 * One check group on one host. Its legacy reporting name, {@code host.group}, is what XML reports show as the class
 * name of its checks.
 */
final class GroupDescriptor extends AbstractTestDescriptor {

    private final String hostName;
    private final CheckGroup group;

    GroupDescriptor(UniqueId hostId, String hostName, CheckGroup group) {
        super(hostId.append(HostChecksEngine.GROUP_SEGMENT, group.id()), group.title());
        this.hostName = hostName;
        this.group = group;
    }

    CheckGroup group() {
        return group;
    }

    @Override
    public String getLegacyReportingName() {
        return hostName + "." + group.id();
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }
}
