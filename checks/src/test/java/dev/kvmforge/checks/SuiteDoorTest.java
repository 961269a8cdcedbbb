package dev.kvmforge.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The Surefire door: a {@code @Suite} including the engine and selecting {@link HostChecks}. */
class SuiteDoorTest {

    @Test
    void aSuiteRunsTheChecksItConfigures() {
        var results = EngineTestKit.engine("junit-platform-suite").selectors(selectClass(LocalHostSuite.class))
                .execute();
        assertEquals(List.of("HV-DEV-KVM: /dev/kvm exists", "HV-DEV-TUN: /dev/net/tun exists"),
                results.testEvents().started().stream().map(e -> e.getTestDescriptor().getDisplayName()).sorted()
                        .toList());
        assertEquals(2, results.testEvents().succeeded().count());
    }
}
