package dev.kvmforge.runner.libvirt;

/**
 * A storage volume, from its definition ({@code virsh vol-dumpxml}).
 *
 * @param name       its name in the pool
 * @param type       {@code file}, {@code block}, {@code dir}...
 * @param key        libvirt's key for it (for a file, its path)
 * @param path       where it is on the host
 * @param capacity   its size in bytes, as the guest sees it
 * @param allocation bytes it takes on the host
 */
public record LibvirtVolume(String name, String type, String key, String path, long capacity, long allocation) {

    /** The volume {@code xml} describes; a capacity or allocation it leaves out is 0. */
    public static LibvirtVolume of(String xml) {
        XmlElement root = XmlElement.parse(xml);
        return new LibvirtVolume(root.child("name").map(XmlElement::text).orElse(""),
                root.attribute("type").isEmpty() ? "file" : root.attribute("type"),
                root.child("key").map(XmlElement::text).orElse(""),
                root.find("target/path").map(XmlElement::text).orElse(""), size(root, "capacity"),
                size(root, "allocation"));
    }

    /** A size element of {@code root} in bytes ({@code <capacity unit='G'>10</capacity>}); 0 when there is none. */
    public static long size(XmlElement root, String what) {
        return root.child(what).map(e -> ByteUnits.bytes(e.text(), e.attribute("unit"))).orElse(0L);
    }
}
