package dev.kvmforge.runner.libvirt;

/**
 * A storage pool as {@code virsh pool-list --all} and {@code pool-dumpxml} know it.
 *
 * @param name       the pool's name
 * @param active     whether it is started (its volumes can be listed and used)
 * @param autostart  whether libvirtd starts it when libvirtd starts
 * @param persistent whether it is defined (a transient pool vanishes when it stops)
 * @param type       its type: {@code dir}, {@code fs}, {@code logical}, {@code rbd}...
 * @param uuid       its UUID
 * @param path       its target path, such as {@code /var/lib/libvirt/images}; empty when it has none
 * @param capacity   bytes in all (0 while it is inactive)
 * @param allocation bytes used
 * @param available  bytes free
 * @param source     where its storage comes from ({@code <source>}), for pools on other storage than a directory
 */
public record LibvirtPool(String name, boolean active, boolean autostart, boolean persistent, String type,
                          String uuid, String path, long capacity, long allocation, long available, Source source) {

    /**
     * A pool's {@code <source>}: each part empty when the XML has none.
     *
     * @param host   the storage server ({@code <host name=...>}, for netfs, iscsi, rbd)
     * @param dir    the exported directory ({@code <dir path=...>}, for netfs)
     * @param format the format ({@code <format type=...>}: nfs, lvm2, ...)
     * @param device the device ({@code <device path=...>}, for fs, logical, disk)
     */
    public record Source(String host, String dir, String format, String device) {
    }

    /** Builds the record from the state flags and the pool's XML (type, UUID, path and sizes). */
    static LibvirtPool of(String name, boolean active, boolean autostart, boolean persistent, String xml) {
        XmlElement root = XmlElement.parse(xml);
        return new LibvirtPool(name, active, autostart, persistent, root.attribute("type"),
                root.child("uuid").map(XmlElement::text).orElse(""),
                root.find("target/path").map(XmlElement::text).orElse(""),
                LibvirtVolume.size(root, "capacity"), LibvirtVolume.size(root, "allocation"),
                LibvirtVolume.size(root, "available"), new Source(part(root, "source/host", "name"),
                part(root, "source/dir", "path"), part(root, "source/format", "type"),
                part(root, "source/device", "path")));
    }

    private static String part(XmlElement root, String path, String attribute) {
        return root.find(path).map(e -> e.attribute(attribute)).orElse("");
    }
}
