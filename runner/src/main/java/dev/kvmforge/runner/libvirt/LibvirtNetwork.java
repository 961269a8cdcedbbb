package dev.kvmforge.runner.libvirt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A virtual network as {@code virsh net-list --all} knows it, with its bridge and forward mode.
 *
 * @param name        the network's name
 * @param active      whether it is started
 * @param autostart   whether libvirtd starts it when libvirtd starts
 * @param persistent  whether it is defined (a transient network vanishes when it stops)
 * @param bridge      the bridge device, such as {@code virbr0}; empty when the XML names none
 * @param forwardMode {@code nat}, {@code route}, {@code open}, {@code bridge}..., or {@code isolated} when the network
 *                    forwards nothing (no {@code <forward>})
 */
public record LibvirtNetwork(String name, boolean active, boolean autostart, boolean persistent, String bridge,
                             String forwardMode) {

    /** Builds the record from the state flags and the network's XML (for the bridge and the forward mode). */
    static LibvirtNetwork of(String name, boolean active, boolean autostart, boolean persistent, String xml) {
        XmlElement root = XmlElement.parse(xml);
        String bridge = root.child("bridge").map(b -> b.attribute("name")).orElse("");
        String forward = root.child("forward").map(f -> f.attribute("mode").isEmpty() ? "nat" : f.attribute("mode"))
                .orElse("isolated");
        return new LibvirtNetwork(name, active, autostart, persistent, bridge, forward);
    }

    /** The network as a registered value or fact: {@code name, active, autostart, persistent, bridge, forward_mode}. */
    public Map<String, Object> asValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("active", active);
        m.put("autostart", autostart);
        m.put("persistent", persistent);
        m.put("bridge", bridge);
        m.put("forward_mode", forwardMode);
        return m;
    }
}
