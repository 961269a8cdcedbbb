package dev.kvmforge.runner.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.testkit.GuestAcceleration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Libvirt} adapter must do, against the machine's real libvirtd ({@code qemu:///system}). Each
 * subclass opens its adapter; domains and networks made here are named {@code kvmf-test-*} and removed after each
 * test. Test networks are isolated bridges without an {@code <ip>}; the {@code default} network is never started.
 */
@DisplayNameGeneration(GuestAcceleration.Named.class)
abstract class LibvirtContract {

    /** The adapter under test, connected to {@code uri}. */
    abstract Libvirt open(String uri);

    /** The adapter's name, as {@link Libvirt#adapter()} gives it. */
    abstract String adapter();

    /** The host's name in messages. */
    String where() {
        return "local";
    }

    private Libvirt libvirt;
    private Path dir;
    private final List<String> domains = new ArrayList<>();
    private final List<String> networks = new ArrayList<>();

    @BeforeAll
    static void libvirtd() {
        LocalLibvirtd.ensureRunning();
    }

    @BeforeEach
    void connect() {
        libvirt = open(Libvirt.DEFAULT_URI);
        dir = LocalLibvirtd.directory();
    }

    @AfterEach
    void cleanUp() {
        domains.forEach(LocalLibvirtd::removeDomain);
        networks.forEach(LocalLibvirtd::removeNetwork);
        libvirt.close();
        LocalLibvirtd.removeDirectory(dir);
    }

    private String newDomain(int memoryMib) {
        String name = LocalLibvirtd.name("c");
        domains.add(name);
        Path disk = LocalLibvirtd.rawDisk(dir, name + ".raw");
        libvirt.defineDomain(LocalLibvirtd.domainXml(name, disk, memoryMib));
        return name;
    }

    private DomainState state(String name) {
        return libvirt.domain(name).orElseThrow().state();
    }

    @Test
    void isTheAdapterItSaysAndTellsTheDaemonsVersion() {
        assertEquals(adapter(), libvirt.adapter());
        assertEquals(Libvirt.DEFAULT_URI, libvirt.uri());
        assertTrue(libvirt.version().matches("\\d+\\.\\d+\\.\\d+"), libvirt.version());
    }

    @Test
    void offersKvmDomainsExactlyWhereThisMachineHasAUsableDevKvm() {
        java.util.Set<String> types = libvirt.domainTypes();
        assertTrue(types.contains("qemu"), "software emulation is always there: " + types);
        assertEquals(GuestAcceleration.ofThisMachine().kvm(), types.contains("kvm"), types.toString());
    }

    @Test
    void definesStartsPausesResumesDestroysAndUndefinesADomain() {
        String name = newDomain(128);
        LibvirtDomain defined = libvirt.domain(name).orElseThrow();
        assertEquals(new LibvirtDomain(name, DomainState.SHUT_OFF, false, true), defined);

        XmlElement xml = XmlElement.parse(libvirt.domainXml(name));
        assertEquals(name, xml.child("name").orElseThrow().text());
        assertEquals("131072", xml.child("memory").orElseThrow().text(), "libvirt stores KiB");
        assertEquals(List.of(dir.resolve(name + ".raw").toString()), Libvirt.diskFiles(xml));

        libvirt.setAutostart(name, true);
        assertTrue(libvirt.domain(name).orElseThrow().autostart());
        libvirt.setAutostart(name, false);
        assertFalse(libvirt.domain(name).orElseThrow().autostart());

        libvirt.start(name);
        assertEquals(DomainState.RUNNING, state(name));
        libvirt.suspend(name);
        assertEquals(DomainState.PAUSED, state(name));
        libvirt.resume(name);
        assertEquals(DomainState.RUNNING, state(name));
        libvirt.shutdown(name); // a guest with no OS ignores it; the request itself must work
        libvirt.destroy(name);
        assertEquals(DomainState.SHUT_OFF, state(name));

        StorageRemoval kept = libvirt.undefine(name, false);
        assertEquals(StorageRemoval.none(), kept);
        assertTrue(libvirt.domain(name).isEmpty());
        assertTrue(Files.exists(dir.resolve(name + ".raw")), "undefine without storage keeps the disk");
    }

    @Test
    void redefiningKeepsTheUuidAndChangesTheNextBoot() {
        String name = newDomain(128);
        String uuid = XmlElement.parse(libvirt.domainXml(name)).child("uuid").orElseThrow().text();
        libvirt.defineDomain(LocalLibvirtd.domainXml(name, dir.resolve(name + ".raw"), 192)
                .replace("</name>", "</name><uuid>" + uuid + "</uuid>"));
        XmlElement again = XmlElement.parse(libvirt.domainXml(name));
        assertEquals(uuid, again.child("uuid").orElseThrow().text());
        assertEquals("196608", again.child("memory").orElseThrow().text());
    }

    @Test
    void theDefinitionOfARunningDomainIsTheOneForItsNextBoot() {
        String name = newDomain(128);
        libvirt.start(name);
        XmlElement running = XmlElement.parse(libvirt.domainXml(name));
        assertEquals("", running.attribute("id"), "the inactive definition has no domain id");
        libvirt.defineDomain(LocalLibvirtd.domainXml(name, dir.resolve(name + ".raw"), 192)
                .replace("</name>", "</name><uuid>" + running.child("uuid").orElseThrow().text() + "</uuid>"));
        assertEquals("196608", XmlElement.parse(libvirt.domainXml(name)).child("memory").orElseThrow().text());
        assertEquals(DomainState.RUNNING, state(name));
    }

    @Test
    void removesOnlyStorageThatAPoolHoldsAndSaysWhichFilesItLeft() {
        String unmanaged = newDomain(128);
        StorageRemoval left = libvirt.undefine(unmanaged, true);
        Path file = dir.resolve(unmanaged + ".raw");
        assertEquals(new StorageRemoval(List.of(), List.of(file.toString())), left);
        assertTrue(Files.exists(file));

        String pool = LocalLibvirtd.name("pool");
        Path poolDir = LocalLibvirtd.directory();
        try {
            String managed = LocalLibvirtd.name("c");
            domains.add(managed);
            Path disk = LocalLibvirtd.rawDisk(poolDir, managed + ".raw");
            LocalLibvirtd.LOCAL.check(Shell.command("virsh", "-q", "-c", "qemu:///system", "pool-create-as", pool,
                    "dir", "--target", poolDir.toString()));
            libvirt.defineDomain(LocalLibvirtd.domainXml(managed, disk, 128));
            StorageRemoval removed = libvirt.undefine(managed, true);
            assertEquals(new StorageRemoval(List.of(disk.toString()), List.of()), removed);
            assertFalse(Files.exists(disk));
        } finally {
            LocalLibvirtd.LOCAL.run(Shell.command("virsh", "-q", "-c", "qemu:///system", "pool-destroy", pool));
            LocalLibvirtd.removeDirectory(poolDir);
        }
    }

    @Test
    void definesBuildsStartsAndUndefinesADirPoolWithItsVolumes() {
        String pool = LocalLibvirtd.name("pool");
        Path target = dir.resolve("pool");
        try {
            libvirt.definePool(LocalLibvirtd.dirPoolXml(pool, target));
            LibvirtPool defined = libvirt.pool(pool).orElseThrow();
            assertEquals(List.of(false, false, true, "dir", target.toString()), List.of(defined.active(),
                    defined.autostart(), defined.persistent(), defined.type(), defined.path()));
            assertEquals(LocalLibvirtd.LOCAL.check("virsh -q -c qemu:///system pool-uuid --pool " + pool).strip(),
                    defined.uuid());
            libvirt.buildPool(pool, PoolBuild.NEW);
            assertTrue(Files.isDirectory(target));
            libvirt.startPool(pool);
            libvirt.setPoolAutostart(pool, true);
            LibvirtPool active = libvirt.pool(pool).orElseThrow();
            assertTrue(active.active() && active.autostart() && active.capacity() > 0, active.toString());

            libvirt.createVolume(pool, "<volume><name>a b.raw</name><capacity unit='KiB'>64</capacity>"
                    + "<target><format type='raw'/></target></volume>", null);
            libvirt.createVolume(pool, "<volume><name>c.raw</name><capacity unit='KiB'>64</capacity>"
                    + "<target><format type='raw'/></target></volume>", "a b.raw");
            assertEquals(List.of("a b.raw", "c.raw"), libvirt.volumes(pool));
            libvirt.resizeVolume(pool, "c.raw", 128 * 1024);
            LibvirtVolume c = LibvirtVolume.of(libvirt.volumeXml(pool, "c.raw"));
            assertEquals(List.of("c.raw", target.resolve("c.raw").toString(), 128L * 1024), List.of(c.name(),
                    c.path(), c.capacity()));
            libvirt.wipeVolume(pool, "c.raw");
            libvirt.deleteVolume(pool, "c.raw");
            libvirt.deleteVolume(pool, "a b.raw");
            libvirt.refreshPool(pool);
            assertEquals(List.of(), libvirt.volumes(pool));

            libvirt.stopPool(pool);
            libvirt.setPoolAutostart(pool, false);
            libvirt.deletePool(pool);
            assertFalse(Files.exists(target), "pool-delete removes the empty directory");
            libvirt.undefinePool(pool);
            assertTrue(libvirt.pool(pool).isEmpty());
        } finally {
            LocalLibvirtd.removePool(pool);
        }
    }

    @Test
    void tellsADomainsMemoryAndCpusAndTheHostsAsVirshDoes() {
        String name = newDomain(128);
        DomainInfo info = libvirt.domainInfo(name);
        assertEquals(List.of(128L * 1024, 1), List.of(info.maxMemoryKib(), info.vcpus()));
        NodeInfo node = libvirt.nodeInfo();
        String nodeinfo = LocalLibvirtd.LOCAL.check("virsh -q -c qemu:///system nodeinfo");
        assertTrue(nodeinfo.contains(Long.toString(node.memoryKib())) && node.cpus() > 0, node + " / " + nodeinfo);
        assertTrue(libvirt.freeMemory() > 0 && libvirt.freeMemory() <= node.memoryKib() * 1024);
        assertEquals("QEMU", libvirt.hypervisor());
        assertTrue(libvirt.liveDomainXml(name).contains("<name>" + name + "</name>"));
    }

    @Test
    void undefiningKeepsTheNvramFileUnlessAsked() throws Exception {
        String name = LocalLibvirtd.name("c");
        domains.add(name);
        Path disk = LocalLibvirtd.rawDisk(dir, name + ".raw");
        Path nvram = dir.resolve(name + "_VARS.fd");
        Files.write(nvram, new byte[4096]);
        String xml = LocalLibvirtd.domainXml(name, disk, 128).replace("<os>", "<features><acpi/></features><os><loader readonly='yes' "
                + "type='pflash'>/usr/share/OVMF/OVMF_CODE.fd</loader><nvram>" + nvram + "</nvram>");
        libvirt.defineDomain(xml);
        libvirt.undefineDomain(name);
        assertTrue(Files.exists(nvram), "plain undefine keeps the UEFI variables");
        libvirt.defineDomain(xml);
        libvirt.undefineDomain(name, java.util.EnumSet.of(DomainMetadata.NVRAM));
        assertFalse(Files.exists(nvram), "asked, it goes");
        assertTrue(Files.exists(disk), "the disk stays");
    }

    @Test
    void aDomainLibvirtDoesNotKnowIsAnErrorNamingIt() {
        String name = LocalLibvirtd.name("absent");
        assertTrue(libvirt.domain(name).isEmpty());
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> libvirt.start(name));
        assertTrue(e.getMessage().contains(name), e.getMessage());
        assertThrows(KvmforgeException.class, () -> libvirt.domainXml(name));
    }

    @Test
    void definesStartsStopsAndUndefinesAnIsolatedNetwork() {
        String name = LocalLibvirtd.name("net");
        String bridge = LocalLibvirtd.bridgeName();
        networks.add(name);
        libvirt.defineNetwork(LocalLibvirtd.isolatedNetworkXml(name, bridge));
        assertEquals(new LibvirtNetwork(name, false, false, true, bridge, "isolated"),
                libvirt.network(name).orElseThrow());
        XmlElement xml = XmlElement.parse(libvirt.networkXml(name));
        assertTrue(xml.child("ip").isEmpty() && xml.child("forward").isEmpty(), xml.toString());

        libvirt.startNetwork(name);
        assertTrue(libvirt.network(name).orElseThrow().active());
        libvirt.setNetworkAutostart(name, true);
        assertTrue(libvirt.network(name).orElseThrow().autostart());
        libvirt.setNetworkAutostart(name, false);
        libvirt.stopNetwork(name);
        assertEquals(new LibvirtNetwork(name, false, false, true, bridge, "isolated"),
                libvirt.network(name).orElseThrow());
        libvirt.undefineNetwork(name);
        assertTrue(libvirt.network(name).isEmpty());
    }

    @Test
    void listsEveryNetworkAsNetListDoes() {
        List<String> virsh = LocalLibvirtd.LOCAL.check("virsh -q -c qemu:///system net-list --all --name").lines()
                .map(String::strip).filter(l -> !l.isEmpty()).sorted().toList();
        assertEquals(virsh, libvirt.networks().stream().map(LibvirtNetwork::name).toList());
    }

    @Test
    void aDaemonThatDoesNotAnswerIsTheNotRunningError() {
        KvmforgeException e = assertThrows(KvmforgeException.class,
                () -> open("qemu:///system?socket=/run/kvmf-test-no-such-dir/libvirt-sock").domains());
        assertTrue(e.getMessage().contains("libvirt is not running on " + where()
                + ": start it with the service module"), e.getMessage());
    }
}
