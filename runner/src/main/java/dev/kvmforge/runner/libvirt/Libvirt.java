package dev.kvmforge.runner.libvirt;

import dev.kvmforge.runner.connection.LocalConnection;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * libvirt on one host, as modules and checks use it: domains, networks and the daemon's version. Domains and
 * networks are named by their libvirt names; a name that libvirt does not know is an error that says so.
 *
 * <p>Two adapters: {@link LibvirtJava} (libvirt-java through JNA, from the controller) and {@link Virsh} ({@code virsh}
 * over the host's connection). {@link #open} picks one and fails with a clear error when libvirtd does not answer,
 * before anything changes. Close it when done: it holds a libvirt connection.
 */
public interface Libvirt extends AutoCloseable {

    /** The URI used when a task names none: the system instance of the QEMU driver. */
    String DEFAULT_URI = "qemu:///system";

    /**
     * Connects to libvirt for {@code host}: libvirt-java when the host is the controller itself (logged in as the
     * user the controller runs as) or {@code uri} is given, and {@code libvirt.so} loads; {@code virsh} over the
     * host's connection otherwise.
     *
     * @param uri the libvirt URI, or null for {@link #DEFAULT_URI}
     * @throws KvmforgeException when libvirtd does not answer ("libvirt is not running on HOST") or cannot be reached
     */
    static Libvirt open(Host host, String uri) {
        return open(host, uri, LibvirtLibrary::probe);
    }

    /**
     * {@link #open(Host, String)} with the libvirt.so probe given (empty: it loads); it runs only where libvirt-java
     * could be used, since loading the native library takes a while.
     */
    static Libvirt open(Host host, String uri, Supplier<Optional<String>> libraryProblem) {
        String u = uri == null || uri.isBlank() ? DEFAULT_URI : uri;
        boolean controller = host.connection() instanceof LocalConnection
                && (host.become().isEmpty() || host.connection().isRoot());
        if ((controller || uri != null) && libraryProblem.get().isEmpty()) {
            return LibvirtJava.connect(host.name(), u);
        }
        return Virsh.connect(host, u);
    }

    /**
     * The libvirt a dry run plans against on a host where an earlier task would install or start it: no domains, no
     * networks, and no changes allowed.
     */
    static Libvirt notYet(String uri) {
        return new LibvirtNotYet(uri == null || uri.isBlank() ? DEFAULT_URI : uri);
    }

    /** Which adapter this is: {@code libvirt-java} or {@code virsh}. */
    String adapter();

    /** The URI connected to. */
    String uri();

    /** The version of the libvirt daemon, such as {@code 9.0.0}. */
    String version();

    /**
     * The host's capabilities ({@code virsh capabilities}): the guest architectures and, for each, the domain types
     * libvirt can run it with. Empty from a libvirt that is {@linkplain #notYet not there yet}.
     */
    String capabilities();

    /**
     * The domain types libvirt offers for guests of the host's own architecture: {@code qemu} (emulation) always,
     * {@code kvm} only where QEMU can use /dev/kvm; empty when libvirt is not there yet (a dry run), so the caller
     * asks the host itself.
     */
    default Set<String> domainTypes() {
        String caps = capabilities();
        if (caps.isBlank()) {
            return Set.of();
        }
        XmlElement root = XmlElement.parse(caps);
        String arch = root.find("host/cpu/arch").map(XmlElement::text).orElse("");
        Set<String> types = new LinkedHashSet<>();
        for (XmlElement guest : root.children("guest")) {
            XmlElement a = guest.child("arch").orElse(null);
            if (a != null && (arch.isEmpty() || a.attribute("name").equals(arch))) {
                a.children("domain").forEach(d -> types.add(d.attribute("type")));
            }
        }
        return types;
    }

    /** All domains, running or defined. */
    List<LibvirtDomain> domains();

    /** The domain of that name, if libvirt knows it. */
    default Optional<LibvirtDomain> domain(String name) {
        return domains().stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The domain's definition as it runs now ({@code virsh dumpxml}); the stored one when it is shut off. */
    String liveDomainXml(String name);

    /** The domain's stored definition ({@code virsh dumpxml --inactive}): what it boots with next time. */
    String domainXml(String name);

    /** Defines a domain, or redefines the one of the same name (a running one takes it at its next boot). */
    void defineDomain(String xml);

    /** Starts a defined domain. */
    void start(String name);

    /** Asks the guest to power off (ACPI); returns at once, the guest may take its time or ignore it. */
    void shutdown(String name);

    /** Powers a domain off at once, as pulling the plug does. Its definition stays. */
    void destroy(String name);

    /** Pauses a running domain. */
    void suspend(String name);

    /** Resumes a paused domain. */
    void resume(String name);

    /** Removes a domain's definition; its disks and NVRAM file stay. */
    default void undefineDomain(String name) {
        undefineDomain(name, java.util.EnumSet.noneOf(DomainMetadata.class));
    }

    /** Removes a domain's definition and the metadata in {@code alsoRemove}; its disks stay. */
    void undefineDomain(String name, Set<DomainMetadata> alsoRemove);

    /**
     * Deletes a storage volume by its path through libvirt; false when no storage pool holds that path (then
     * nothing was deleted).
     */
    boolean deleteVolume(String path);

    /**
     * Undefines a shut-off domain; with {@code removeStorage}, also deletes the files of its disks (not its CD-ROMs)
     * that libvirt manages. Disk files no pool holds are listed in the result, left in place.
     */
    default StorageRemoval undefine(String name, boolean removeStorage) {
        List<String> disks = removeStorage ? diskFiles(XmlElement.parse(domainXml(name))) : List.of();
        undefineDomain(name);
        List<String> removed = new ArrayList<>();
        List<String> notManaged = new ArrayList<>();
        for (String path : disks) {
            (deleteVolume(path) ? removed : notManaged).add(path);
        }
        return new StorageRemoval(removed, notManaged);
    }

    /** The source files of a domain's writable disks (not CD-ROMs, floppies or read-only disks). */
    static List<String> diskFiles(XmlElement domain) {
        return domain.find("devices").map(d -> d.children("disk")).orElse(List.of()).stream()
                .filter(d -> d.attribute("device").isEmpty() || d.attribute("device").equals("disk"))
                .filter(d -> d.child("readonly").isEmpty())
                .map(d -> d.child("source").map(s -> s.attribute("file")).orElse(""))
                .filter(f -> !f.isEmpty())
                .toList();
    }

    /** Sets whether libvirtd starts the domain when it starts. */
    void setAutostart(String name, boolean autostart);

    /** All virtual networks, active or defined ({@code virsh net-list --all}). */
    List<LibvirtNetwork> networks();

    /** The network of that name, if libvirt knows it. */
    default Optional<LibvirtNetwork> network(String name) {
        return networks().stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** The network's stored definition ({@code virsh net-dumpxml --inactive}). */
    String networkXml(String name);

    /** Defines a network, or redefines the one of the same name (an active one takes it when next started). */
    void defineNetwork(String xml);

    /** Starts a defined network. */
    void startNetwork(String name);

    /** Stops an active network ({@code virsh net-destroy}); its definition stays. */
    void stopNetwork(String name);

    /** Sets whether libvirtd starts the network when it starts. */
    void setNetworkAutostart(String name, boolean autostart);

    /** Removes an inactive network's definition. */
    void undefineNetwork(String name);

    /** What {@code virsh dominfo} tells of the domain: memory, vCPUs, CPU time. */
    DomainInfo domainInfo(String name);

    /** The host as libvirt sees it: CPU model and counts, memory, NUMA cells. */
    NodeInfo nodeInfo();

    /** The host's free memory in bytes, as libvirt counts it. */
    long freeMemory();

    /** The hypervisor driver's name, such as {@code QEMU}. */
    String hypervisor();

    /** All storage pools, active or defined ({@code virsh pool-list --all}). */
    List<LibvirtPool> pools();

    /** The pool of that name, if libvirt knows it. */
    default Optional<LibvirtPool> pool(String name) {
        return pools().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The pool's definition ({@code virsh pool-dumpxml}, with its sizes while it is active). */
    String poolXml(String name);

    /** Defines a pool, or redefines the one of the same name and UUID. */
    void definePool(String xml);

    /** Builds a defined pool: for a {@code dir} pool, makes its directory. */
    void buildPool(String name, PoolBuild mode);

    /** Starts a defined pool. */
    void startPool(String name);

    /** Stops an active pool ({@code virsh pool-destroy}): its definition and its data stay. */
    void stopPool(String name);

    /**
     * Deletes an inactive pool's storage ({@code virsh pool-delete}): for a {@code dir} pool, its directory, which
     * must be empty. Callers reach it only from a parameter that says so.
     */
    void deletePool(String name);

    /** Removes an inactive pool's definition; its storage stays. */
    void undefinePool(String name);

    /** Sets whether libvirtd starts the pool when it starts. */
    void setPoolAutostart(String name, boolean autostart);

    /** Rescans an active pool's volumes. */
    void refreshPool(String name);

    /** The names of an active pool's volumes, sorted. */
    List<String> volumes(String pool);

    /** A volume's definition ({@code virsh vol-dumpxml}). */
    String volumeXml(String pool, String volume);

    /** Creates a volume in {@code pool} from {@code xml}; with {@code cloneOf}, as a copy of that volume. */
    void createVolume(String pool, String xml, String cloneOf);

    /** Deletes a volume and its data. Callers reach it only from a parameter that says so. */
    void deleteVolume(String pool, String volume);

    /** Grows a volume to {@code bytes} (libvirt refuses to shrink one). */
    void resizeVolume(String pool, String volume, long bytes);

    /** Overwrites a volume's data with zeros; the volume stays. */
    void wipeVolume(String pool, String volume);

    /** Closes the connection to libvirt. */
    @Override
    void close();

    /** The error for a libvirtd that does not answer at {@code uri} on {@code host}. */
    static KvmforgeException notRunning(String host, String uri, String detail) {
        return new LibvirtUnavailableException("libvirt is not running on " + host
                + ": start it with the service module", host,
                "service: {name: libvirtd, state: started} (" + uri + " did not answer: " + detail.strip() + ")");
    }

    /** Whether a libvirt error message says that nothing listens at the daemon's socket. */
    static boolean saysNotRunning(String message) {
        return message != null && message.contains("connect socket")
                && (message.contains("No such file or directory") || message.contains("Connection refused"));
    }
}
