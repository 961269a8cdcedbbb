package dev.kvmforge.checks.engine;

import dev.kvmforge.checks.model.Check;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/**
 * One check on one host: a test named {@code HV-DEV-KVM: /dev/kvm exists}, tagged with the check's tags and
 * {@code severity:<level>} so that JUnit tag expressions select by them too.
 */
final class CheckDescriptor extends AbstractTestDescriptor {

    /** The tag prefix carrying the check's severity. */
    static final String SEVERITY_TAG = "severity:";

    private final Check check;

    CheckDescriptor(UniqueId groupId, Check check) {
        super(groupId.append(HostChecksEngine.CHECK_SEGMENT, check.id()), check.info().displayName());
        this.check = check;
    }

    Check check() {
        return check;
    }

    @Override
    public Set<TestTag> getTags() {
        Set<TestTag> tags = new LinkedHashSet<>();
        check.info().tags().stream().filter(TestTag::isValid).map(TestTag::create).forEach(tags::add);
        tags.add(TestTag.create(SEVERITY_TAG + check.info().severity()));
        return tags;
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }
}
