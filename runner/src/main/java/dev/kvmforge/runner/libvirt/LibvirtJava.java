package dev.kvmforge.runner.libvirt;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.util.ArrayList;
import java.util.List;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.libvirt.StorageVol;

/**
 * The libvirt-java adapter: libvirt's C library through JNA, from the controller's JVM. Every libvirt object it looks
 * up is freed before the call returns; the connection is closed by {@link #close()}.
 */
final class LibvirtJava implements Libvirt {

    /** {@code VIR_DOMAIN_UNDEFINE_KEEP_NVRAM}: undefining never deletes the UEFI variables file. */
    private static final int UNDEFINE_KEEP_NVRAM = 8;
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

    private static DomainState state(DomainInfo.DomainState s) {
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
    public void undefineDomain(String name) {
        onDomain(name, "undefine domain " + name, d -> {
            d.undefine(UNDEFINE_KEEP_NVRAM);
            return null;
        });
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

    @Override
    public void close() {
        try {
            connect.close();
        } catch (LibvirtException e) {
            // closing a connection that failed: nothing left to free
        }
    }
}
