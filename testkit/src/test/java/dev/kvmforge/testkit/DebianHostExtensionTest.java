package dev.kvmforge.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code @ThrowawayHost} parameters: started for the test, removed after it. */
class DebianHostExtensionTest {

    private static final List<String> SEEN = new ArrayList<>();

    @BeforeAll
    static void machine() {
        PrepareDocker.ensure();
    }

    @Test
    void injectsAStartedHost(@ThrowawayHost(address = "127.0.40.91", kvm = false, capabilities = {}) DebianHost host)
            throws Exception {
        SEEN.add(host.containerId());
        assertTrue(host.isRunning());
        assertEquals("127.0.40.91", host.host());
        assertFalse(host.hasKvm());
        Ssh.Result r = Ssh.run(host, "id -un");
        assertEquals(0, r.status(), r.output());
        assertEquals("kvmtest", r.output().strip());
    }

    @Test
    void givesEachTestItsOwnHost(@ThrowawayHost DebianHost host) throws Exception {
        SEEN.add(host.containerId());
        assertTrue(host.isRunning());
        assertEquals(0, Ssh.run(host, "true").status());
    }

    @AfterAll
    static void hostsAreGone() throws Exception {
        assertEquals(2, SEEN.size());
        assertNotEquals(SEEN.get(0), SEEN.get(1));
        List<String> all = Ssh.allContainerIds();
        for (String id : SEEN) {
            assertFalse(all.contains(id), "container " + id + " removed after its test");
        }
    }
}
