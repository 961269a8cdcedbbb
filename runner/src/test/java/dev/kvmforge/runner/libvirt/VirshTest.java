package dev.kvmforge.runner.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract, through {@code virsh} commands on the local host's connection. */
class VirshTest extends LibvirtContract {

    @Override
    Libvirt open(String uri) {
        return Virsh.connect(LocalLibvirtd.LOCAL, uri);
    }

    @Override
    String adapter() {
        return "virsh";
    }

    /** Names reach virsh's own command parser (several commands in one process) as they were, whatever they hold. */
    @Test
    void virshReadsQuotedArgumentsBackAsTheyWere() {
        for (String arg : List.of("plain-name_1.0", "a b", "it's", "semi;colon", "dq\"x", "back\\slash", "\u001etitle\u001f")) {
            ExecResult r = LocalLibvirtd.LOCAL.run(Shell.command("virsh", "-q", "-c", "test:///default",
                    "echo " + Virsh.virshQuote(arg) + "; echo " + Virsh.virshQuote("second")));
            assertEquals(0, r.exitStatus(), r.stderr());
            assertEquals(arg + "second", r.stdout(), "for " + arg);
        }
    }
}
