package dev.kvmforge.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
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
        // HV-DEV-KVM answers the machine's truth: it passes where /dev/kvm exists and fails where it does not
        boolean kvm = Files.exists(Path.of("/dev/kvm"));
        assertEquals(kvm ? 2 : 1, results.testEvents().succeeded().count());
        assertEquals(kvm ? 0 : 1, results.testEvents().failed().count());
    }
}
