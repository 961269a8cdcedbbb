package dev.kvmforge.runner.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a host's variables and the run's options become a {@link ConnectionSpec}: the connection timeout. */
class ConnectionVarsTest {

    private static ConnectionVars.Overrides runTimeout(Duration timeout) {
        return new ConnectionVars.Overrides(null, null, null, null, null, timeout, null);
    }

    @Test
    void timeoutDefaultsToAnsiblesTenSeconds() {
        ConnectionSpec spec = ConnectionVars.spec("kvm1", Map.of(), ConnectionVars.Overrides.none());
        assertEquals(Duration.ofSeconds(10), spec.connectTimeout());
        assertEquals(ConnectionSpec.DEFAULT_AUTH_TIMEOUT, spec.authTimeout());
    }

    @Test
    void runTimeoutAppliesToHostsWithoutATimeoutVariable() {
        ConnectionSpec quick = ConnectionVars.spec("kvm1", Map.of(), runTimeout(Duration.ofSeconds(3)));
        assertEquals(Duration.ofSeconds(3), quick.connectTimeout());
        assertEquals(ConnectionSpec.DEFAULT_AUTH_TIMEOUT, quick.authTimeout(), "login keeps at least its default");
        ConnectionSpec slow = ConnectionVars.spec("kvm1", Map.of(), runTimeout(Duration.ofSeconds(60)));
        assertEquals(Duration.ofSeconds(60), slow.connectTimeout());
        assertEquals(Duration.ofSeconds(60), slow.authTimeout(), "a slow network gets as long to log in");
    }

    @Test
    void hostVariablesWinAsInAnsibleSshTimeoutFirst() {
        assertEquals(Duration.ofSeconds(5), ConnectionVars.spec("kvm1", Map.of("ansible_timeout", "5"),
                runTimeout(Duration.ofSeconds(30))).connectTimeout());
        assertEquals(Duration.ofSeconds(7), ConnectionVars.spec("kvm1", Map.of("ansible_ssh_timeout", 7L,
                "ansible_timeout", 5L), runTimeout(Duration.ofSeconds(30))).connectTimeout());
        assertEquals(Duration.ofSeconds(1), ConnectionVars.spec("kvm1", Map.of("ansible_ssh_timeout", " 1 "),
                ConnectionVars.Overrides.none()).connectTimeout());
    }

    @Test
    void aTimeoutThatIsNotAPositiveWholeNumberNamesTheHostAndVariable() {
        for (Object bad : new Object[] {"0", -4L, "1.5", "soon", ""}) {
            KvmforgeException e = assertThrows(KvmforgeException.class, () -> ConnectionVars.spec("kvm1",
                    Map.of("ansible_ssh_timeout", bad), ConnectionVars.Overrides.none()), String.valueOf(bad));
            assertEquals(ErrorKind.OPTIONS, e.kind());
            assertEquals("ansible_ssh_timeout '" + bad + "' is not a positive whole number of seconds", e.what());
            assertTrue(e.getMessage().contains("kvm1"), e.getMessage());
            assertTrue(e.hint().orElseThrow().contains("ansible_ssh_timeout=30"), e.hint().orElseThrow());
        }
    }

    @Test
    void localHostsHaveNoTimeoutToCheck() {
        ConnectionSpec local = ConnectionVars.spec("box", Map.of("ansible_connection", "local",
                "ansible_timeout", "soon"), ConnectionVars.Overrides.none());
        assertTrue(local.isLocal());
    }
}
