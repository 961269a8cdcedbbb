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
 */
public record LibvirtPool(String name, boolean active, boolean autostart, boolean persistent, String type,
                          String uuid, String path, long capacity, long allocation, long available) {

    /** Builds the record from the state flags and the pool's XML (type, UUID, path and sizes). */
    static LibvirtPool of(String name, boolean active, boolean autostart, boolean persistent, String xml) {
        XmlElement root = XmlElement.parse(xml);
        return new LibvirtPool(name, active, autostart, persistent, root.attribute("type"),
                root.child("uuid").map(XmlElement::text).orElse(""),
                root.find("target/path").map(XmlElement::text).orElse(""),
                LibvirtVolume.size(root, "capacity"), LibvirtVolume.size(root, "allocation"),
                LibvirtVolume.size(root, "available"));
    }
}
