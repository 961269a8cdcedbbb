package dev.kvmforge.runner.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kvmforge.runner.event.Status;
import dev.kvmforge.runner.libvirt.LocalLibvirtd;
import dev.kvmforge.testkit.GuestAcceleration;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tutorial's libvirt steps as a playbook on this machine: libvirtd running, an isolated test network, a KVM
 * guest on it, and {@code virsh net-list --all} registered; check mode first, then for real, then nothing to change.
 */
@DisplayNameGeneration(GuestAcceleration.Named.class)
class LibvirtPlaybookTest {

    @TempDir
    Path dir;

    private PlaybookFixture f;
    private String net;
    private String vm;
    private Path images;

    @BeforeAll
    static void libvirtd() {
        LocalLibvirtd.ensureRunning();
    }

    @BeforeEach
    void setUp() {
        f = new PlaybookFixture(dir);
        net = LocalLibvirtd.name("net");
        vm = LocalLibvirtd.name("vm");
        images = LocalLibvirtd.directory();
        LocalLibvirtd.rawDisk(images, "vm.raw");
    }

    @AfterEach
    void cleanUp() {
        LocalLibvirtd.removeDomain(vm);
        LocalLibvirtd.removeNetwork(net);
        LocalLibvirtd.removeDirectory(images);
    }

    private String playbook() {
        return """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: libvirtd runs
                      service: {name: libvirtd, state: started}
                    - name: test network
                      libvirt_network: {name: %s, bridge: %s, state: active}
                    - name: guest
                      libvirt_domain:
                        name: %s
                        memory_mb: 128
                        domain_type: %s
                        disks: [{path: %s/vm.raw, format: raw}]
                        interfaces: [{network: %s}]
                        state: running
                    - name: list networks
                      libvirt_network: {command: list}
                      register: nets
                    - name: the test network is listed, and the fact is set
                      when: not ansible_check_mode
                      assert:
                        that:
                          - "'%s' in (nets.networks | map(attribute='name') | list)"
                          - "libvirt_networks | length == nets.networks | length"
                """.formatted(net, LocalLibvirtd.bridgeName(), vm, GuestAcceleration.ofThisMachine().domainType(), images,
                net, net);
    }

    @Test
    void checkModeThenForRealThenNothingChanges() {
        String playbook = playbook();
        RunResult dry = f.run(playbook, RunOptions.defaults().withCheck(true));
        assertEquals(0, dry.exitCode(), f.events.toString());
        assertEquals(Status.CHANGED, f.status("test network"));
        assertEquals(Status.CHANGED, f.status("guest"));
        assertEquals(2, dry.changed());

        RunResult real = f.run(playbook);
        assertEquals(0, real.exitCode(), f.events.toString());
        assertEquals(Status.CHANGED, f.status("guest"));
        assertEquals(Status.OK, f.status("list networks"));

        RunResult again = f.run(playbook);
        assertEquals(0, again.exitCode(), f.events.toString());
        assertEquals(0, again.changed(), f.events.toString());
    }
}
