package dev.kvmforge.cli;

import dev.kvmforge.runner.connection.ConnectionVars;
import dev.kvmforge.runner.connection.SshConnector;
import dev.kvmforge.runner.inventory.InventoryHost;
import java.util.Collection;

/** Starts the SSH client's set-up while the command reads its input, when some host will be reached over SSH. */
final class SshWarmUp {

    private SshWarmUp() {
    }

    /** Warms the SSH client up ({@link SshConnector#warmUp}) when one of {@code hosts} is not local. */
    static void forAnyRemote(Collection<InventoryHost> hosts) {
        for (InventoryHost h : hosts) {
            boolean remote;
            try {
                remote = !ConnectionVars.spec(h.name(), h.vars(), ConnectionVars.Overrides.none()).isLocal();
            } catch (RuntimeException e) {
                remote = true; // the run reports what is wrong with the host's variables
            }
            if (remote) {
                SshConnector.warmUp();
                return;
            }
        }
    }
}
