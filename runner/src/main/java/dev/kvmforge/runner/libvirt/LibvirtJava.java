package dev.kvmforge.runner.libvirt;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.util.ArrayList;
import java.util.List;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * The libvirt-java adapter: libvirt's C library through JNA, from the controller's JVM. Every libvirt object it looks
 * up is freed before the call returns; the connection is closed by {@link #close()}.
 */
final class LibvirtJava implements Libvirt {

    /** {@code VIR_DOMAIN_XML_INACTIVE}: the definition for the next boot, not the running one. */
    private static final int DOMAIN_XML_INACTIVE = 2;
    /** {@code VIR_NETWORK_XML_INACTIVE}. */
    private static final int NETWORK_XML_INACTIVE = 1;

    /** Kept here for good: libvirt holds the callback, the JVM must not collect it. */
    private static final ErrorCallback SILENT = new ErrorCallback();

    private final String host;
    private final String uri;
    private final Connect connect;

    private LibvirtJava(String host, String uri, Connect connect) {
        this.host = host;
        this.uri = uri;
        this.connect = connect;
    }

    /** Stops libvirt from printing each error to stderr (its default); they come back as exceptions anyway. */
    static void silenceErrorPrinting() {
        try {
            Connect.setErrorCallback(SILENT);
        } catch (LibvirtException e) {
            // printing stays on: harmless
        }
    }

    /** Opens {@code uri} read-write; a daemon that does not answer is the "not running" error. */
    static LibvirtJava connect(String host, String uri) {
        LibvirtLibrary.probe().ifPresent(problem -> {
            throw new KvmforgeException(ErrorKind.TASK, problem, host, null);
        });
        try {
            return new LibvirtJava(host, uri, new Connect(uri));
        } catch (LibvirtException e) {
            if (Libvirt.saysNotRunning(e.getMessage())) {
                throw Libvirt.notRunning(host, uri, e.getMessage());
            }
            throw new KvmforgeException(ErrorKind.TASK, "cannot connect to libvirt at " + uri + ": " + e.getMessage(),
                    host, "check the URI and that this user may use it (root, or the libvirt group)");
        }
    }

    /** A libvirt call that may fail. */
    @FunctionalInterface
    private interface Call<T> {
        T run() throws LibvirtException;
    }

    /** A call on one looked-up libvirt object. */
    @FunctionalInterface
    private interface On<O, T> {
        T run(O object) throws LibvirtException;
    }

    private <T> T call(String what, Call<T> call) {
        try {
            return call.run();
        } catch (LibvirtException e) {
            throw failure(what, e);
        }
    }

    private KvmforgeException failure(String what, LibvirtException e) {
        return new KvmforgeException(ErrorKind.TASK, "libvirt cannot " + what + ": " + e.getMessage(), host, null);
    }

    private <T> T onDomain(String name, String what, On<Domain, T> on) {
        return call(what, () -> {
            Domain d = connect.domainLookupByName(name);
            try {
                return on.run(d);
            } finally {
                d.free();
            }
        });
    }

    private <T> T onNetwork(String name, String what, On<Network, T> on) {
        return call(what, () -> {
            Network n = connect.networkLookupByName(name);
            try {
                return on.run(n);
            } finally {
                n.free();
            }
        });
    }

    @Override
    public String adapter() {
        return "libvirt-java";
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String version() {
        long v = call("tell its version", connect::getLibVersion);
        return v / 1_000_000 + "." + v / 1000 % 1000 + "." + v % 1000;
    }

    @Override
    public String capabilities() {
        return call("tell its capabilities", connect::getCapabilities);
    }

    @Override
    public List<LibvirtDomain> domains() {
        return call("list domains", () -> {
            List<LibvirtDomain> out = new ArrayList<>();
            for (Domain d : connect.listAllDomains(0)) {
                try {
                    out.add(new LibvirtDomain(d.getName(), state(d.getInfo().state), d.getAutostart(),
                            d.isPersistent() == 1));
                } catch (LibvirtException e) {
                    if (e.getError().getCode() != ErrorNumber.VIR_ERR_NO_DOMAIN) {
                        throw e;
                    }
                    // undefined while we listed: not there any more
                } finally {
                    d.free();
                }
            }
            out.sort(java.util.Comparator.comparing(LibvirtDomain::name));
            return out;
        });
    }

    private static DomainState state(org.libvirt.DomainInfo.DomainState s) {
        return switch (s) {
            case VIR_DOMAIN_RUNNING -> DomainState.RUNNING;
            case VIR_DOMAIN_PAUSED -> DomainState.PAUSED;
            case VIR_DOMAIN_SHUTOFF -> DomainState.SHUT_OFF;
            default -> DomainState.OTHER;
        };
    }

    @Override
    public String domainXml(String name) {
        return onDomain(name, "read the definition of domain " + name, d -> d.getXMLDesc(DOMAIN_XML_INACTIVE));
    }

    @Override
    public void defineDomain(String xml) {
        call("define the domain", () -> connect.domainDefineXML(xml).free());
    }

    @Override
    public void start(String name) {
        onDomain(name, "start domain " + name, Domain::create);
    }

    @Override
    public void shutdown(String name) {
        onDomain(name, "shut down domain " + name, d -> {
            d.shutdown();
            return null;
        });
    }

    @Override
    public void destroy(String name) {
        onDomain(name, "destroy domain " + name, d -> {
            d.destroy();
            return null;
        });
    }

    @Override
    public void suspend(String name) {
        onDomain(name, "pause domain " + name, d -> {
            d.suspend();
            return null;
        });
    }

    @Override
    public void resume(String name) {
        onDomain(name, "resume domain " + name, d -> {
            d.resume();
            return null;
        });
    }

    @Override
    public void undefineDomain(String name, java.util.Set<DomainMetadata> alsoRemove) {
        int flags = alsoRemove.contains(DomainMetadata.NVRAM) ? 0 : DomainMetadata.KEEP_NVRAM;
        for (DomainMetadata m : alsoRemove) {
            flags |= m.flag();
        }
        int f = flags;
        onDomain(name, "undefine domain " + name, d -> {
            d.undefine(f);
            return null;
        });
    }

    @Override
    public String liveDomainXml(String name) {
        return onDomain(name, "read the definition of domain " + name, d -> d.getXMLDesc(0));
    }

    @Override
    public boolean deleteVolume(String path) {
        return call("delete the volume " + path, () -> {
            StorageVol vol;
            try {
                vol = connect.storageVolLookupByPath(path);
            } catch (LibvirtException e) {
                if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_STORAGE_VOL) {
                    return false;
                }
                throw e;
            }
            try {
                vol.delete(0);
                return true;
            } finally {
                vol.free();
            }
        });
    }

    @Override
    public void setAutostart(String name, boolean autostart) {
        onDomain(name, "set autostart of domain " + name, d -> {
            d.setAutostart(autostart);
            return null;
        });
    }

    @Override
    public List<LibvirtNetwork> networks() {
        return call("list networks", () -> {
            List<String> names = new ArrayList<>(List.of(connect.listNetworks()));
            names.addAll(List.of(connect.listDefinedNetworks()));
            List<LibvirtNetwork> out = new ArrayList<>();
            for (String name : names) {
                Network n;
                try {
                    n = connect.networkLookupByName(name);
                } catch (LibvirtException e) {
                    if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_NETWORK) {
                        continue;
                    }
                    throw e;
                }
                try {
                    out.add(LibvirtNetwork.of(name, n.isActive() == 1, n.getAutostart(), n.isPersistent() == 1,
                            n.getXMLDesc(NETWORK_XML_INACTIVE)));
                } finally {
                    n.free();
                }
            }
            out.sort(java.util.Comparator.comparing(LibvirtNetwork::name));
            return out;
        });
    }

    @Override
    public String networkXml(String name) {
        return onNetwork(name, "read the definition of network " + name, n -> n.getXMLDesc(NETWORK_XML_INACTIVE));
    }

    @Override
    public void defineNetwork(String xml) {
        call("define the network", () -> connect.networkDefineXML(xml).free());
    }

    @Override
    public void startNetwork(String name) {
        onNetwork(name, "start network " + name, n -> {
            n.create();
            return null;
        });
    }

    @Override
    public void stopNetwork(String name) {
        onNetwork(name, "stop network " + name, n -> {
            n.destroy();
            return null;
        });
    }

    @Override
    public void setNetworkAutostart(String name, boolean autostart) {
        onNetwork(name, "set autostart of network " + name, n -> {
            n.setAutostart(autostart);
            return null;
        });
    }

    @Override
    public void undefineNetwork(String name) {
        onNetwork(name, "undefine network " + name, n -> {
            n.undefine();
            return null;
        });
    }

    private <T> T onPool(String name, String what, On<StoragePool, T> on) {
        return call(what, () -> {
            StoragePool p = connect.storagePoolLookupByName(name);
            try {
                return on.run(p);
            } finally {
                p.free();
            }
        });
    }

    private <T> T onVolume(String pool, String volume, String what, On<StorageVol, T> on) {
        return onPool(pool, what, p -> {
            StorageVol v = p.storageVolLookupByName(volume);
            try {
                return on.run(v);
            } finally {
                v.free();
            }
        });
    }

    @Override
    public DomainInfo domainInfo(String name) {
        return onDomain(name, "read the state of domain " + name, d -> {
            org.libvirt.DomainInfo i = d.getInfo();
            return new DomainInfo(i.maxMem, i.memory, i.nrVirtCpu, i.cpuTime);
        });
    }

    @Override
    public NodeInfo nodeInfo() {
        return call("tell the host's CPUs and memory", () -> {
            org.libvirt.NodeInfo i = connect.nodeInfo();
            return new NodeInfo(i.model, i.memory, i.cpus, i.mhz, i.nodes, i.sockets, i.cores, i.threads);
        });
    }

    @Override
    public long freeMemory() {
        return call("tell the host's free memory", connect::getFreeMemory);
    }

    @Override
    public String hypervisor() {
        return call("tell its hypervisor", connect::getType);
    }

    @Override
    public List<LibvirtPool> pools() {
        return call("list storage pools", () -> {
            List<String> names = new ArrayList<>(List.of(connect.listStoragePools()));
            names.addAll(List.of(connect.listDefinedStoragePools()));
            List<LibvirtPool> out = new ArrayList<>();
            for (String name : names) {
                StoragePool p;
                try {
                    p = connect.storagePoolLookupByName(name);
                } catch (LibvirtException e) {
                    if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_STORAGE_POOL) {
                        continue;
                    }
                    throw e;
                }
                try {
                    out.add(LibvirtPool.of(name, p.isActive() == 1, p.getAutostart(), p.isPersistent() == 1,
                            p.getXMLDesc(0)));
                } finally {
                    p.free();
                }
            }
            out.sort(java.util.Comparator.comparing(LibvirtPool::name));
            return out;
        });
    }

    @Override
    public String poolXml(String name) {
        return onPool(name, "read the definition of storage pool " + name, p -> p.getXMLDesc(0));
    }

    @Override
    public void definePool(String xml) {
        call("define the storage pool", () -> connect.storagePoolDefineXML(xml, 0).free());
    }

    @Override
    public void buildPool(String name, PoolBuild mode) {
        onPool(name, "build storage pool " + name, p -> {
            p.build(mode.flag());
            return null;
        });
    }

    @Override
    public void startPool(String name) {
        onPool(name, "start storage pool " + name, p -> {
            p.create(0);
            return null;
        });
    }

    @Override
    public void stopPool(String name) {
        onPool(name, "stop storage pool " + name, p -> {
            p.destroy();
            return null;
        });
    }

    @Override
    public void deletePool(String name) {
        onPool(name, "delete storage pool " + name, p -> {
            p.delete(0);
            return null;
        });
    }

    @Override
    public void undefinePool(String name) {
        onPool(name, "undefine storage pool " + name, p -> {
            p.undefine();
            return null;
        });
    }

    @Override
    public void setPoolAutostart(String name, boolean autostart) {
        onPool(name, "set autostart of storage pool " + name, p -> {
            p.setAutostart(autostart ? 1 : 0);
            return null;
        });
    }

    @Override
    public void refreshPool(String name) {
        onPool(name, "refresh storage pool " + name, p -> {
            p.refresh(0);
            return null;
        });
    }

    @Override
    public List<String> volumes(String pool) {
        return onPool(pool, "list the volumes of storage pool " + pool, p -> {
            List<String> names = new ArrayList<>(List.of(p.listVolumes()));
            names.sort(java.util.Comparator.naturalOrder());
            return names;
        });
    }

    @Override
    public String volumeXml(String pool, String volume) {
        return onVolume(pool, volume, "read the definition of volume " + volume, v -> v.getXMLDesc(0));
    }

    @Override
    public void createVolume(String pool, String xml, String cloneOf) {
        onPool(pool, "create a volume in storage pool " + pool, p -> {
            if (cloneOf == null) {
                p.storageVolCreateXML(xml, 0).free();
            } else {
                StorageVol source = p.storageVolLookupByName(cloneOf);
                try {
                    p.storageVolCreateXMLFrom(xml, source, 0).free();
                } finally {
                    source.free();
                }
            }
            return null;
        });
    }

    @Override
    public void deleteVolume(String pool, String volume) {
        onVolume(pool, volume, "delete volume " + volume, v -> {
            v.delete(0);
            return null;
        });
    }

    @Override
    public void resizeVolume(String pool, String volume, long bytes) {
        onVolume(pool, volume, "resize volume " + volume, v -> v.resize(bytes, 0));
    }

    @Override
    public void wipeVolume(String pool, String volume) {
        onVolume(pool, volume, "wipe volume " + volume, StorageVol::wipe);
    }

    @Override
    public void close() {
        try {
            connect.close();
        } catch (LibvirtException e) {
            // closing a connection that failed: nothing left to free
        }
    }
}
