package dev.kvmforge.runner.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kvmforge.runner.connection.Connection;
import dev.kvmforge.runner.connection.ConnectionSpec;
import dev.kvmforge.runner.connection.ExecRequest.Become;
import dev.kvmforge.runner.connection.HostKeyPolicy;
import dev.kvmforge.runner.connection.Secret;
import dev.kvmforge.runner.connection.SshConnector;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.testkit.LoopbackSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract through {@code virsh} on an SSH host: this machine reached over SSH on a loopback address as the
 * test user, who becomes root with sudo (so XML on stdin goes through sudo too); and {@link Libvirt#open} picks
 * virsh for such a host.
 */
class VirshOverSshTest extends LibvirtContract {

    private static LoopbackSshd sshd;
    private static Path knownHosts;
    private static SshConnector connector;
    private static Host host;

    @BeforeAll
    static void ssh() throws Exception {
        sshd = new LoopbackSshd().withAddress("127.0.21.1").start();
        knownHosts = Files.createTempFile("kvmf-test-known_hosts", "");
        Files.writeString(knownHosts, sshd.knownHostsLine() + "\n");
        connector = new SshConnector();
        Connection c = connector.open("ssh-host", new ConnectionSpec("ssh", sshd.host(), sshd.port(), sshd.user(),
                List.of(sshd.ed25519Key()), null, null, knownHosts, HostKeyPolicy.STRICT, null, null, null, null));
        host = new Host("ssh-host", c).withBecome(new Become("root", Secret.of(sshd.password())));
    }

    @AfterAll
    static void stop() throws Exception {
        if (connector != null) {
            connector.close();
        }
        if (sshd != null) {
            sshd.close();
        }
        Files.deleteIfExists(knownHosts);
    }

    @Override
    Libvirt open(String uri) {
        return Virsh.connect(host, uri);
    }

    @Override
    String adapter() {
        return "virsh";
    }

    @Override
    String where() {
        return "ssh-host";
    }

    @Test
    void anSshHostGetsVirshEvenWhenLibvirtJavaLoads() {
        assertEquals(java.util.Optional.empty(), LibvirtLibrary.probe());
        try (Libvirt l = Libvirt.open(host, null)) {
            assertEquals("virsh", l.adapter());
        }
    }

    /** Loading libvirt.so takes a while: an SSH host, which gets virsh whatever it says, does not wait for it. */
    @Test
    void anSshHostDoesNotProbeTheLibrary() {
        try (Libvirt l = Libvirt.open(host, null, () -> {
            throw new AssertionError("probed libvirt.so for an SSH host");
        })) {
            assertEquals("virsh", l.adapter());
        }
    }
}
