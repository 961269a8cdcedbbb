package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.libvirt.XmlElement;
import dev.kvmforge.runner.libvirt.XmlMerge;
import dev.kvmforge.runner.modules.LibvirtNetworkModule.IpBlock;
import dev.kvmforge.runner.modules.LibvirtNetworkModule.Params;
import java.util.Map;
import java.util.Set;

/**
 * The network a {@code libvirt_network} task asks for: the desired XML and how it is merged into what libvirt stores.
 *
 * @param name    the network's name
 * @param desired the XML that must hold
 * @param merge   how it is merged with the stored XML
 * @param summary the network in a few words, for the plan
 */
record NetworkDefinition(String name, XmlElement desired, XmlMerge merge, String summary) {

    /** From parameters: the task owns the forward mode and the IP block (none given: none wanted). */
    static final XmlMerge FROM_PARAMETERS = new XmlMerge(Map.of("network", Set.of("forward", "ip")), Set.of(),
            XmlMerge.Equivalence.EXACT);

    /** From XML: the task owns what libvirt does not add by itself (forwarding, addresses, DNS, routes...). */
    static final XmlMerge FROM_XML = new XmlMerge(Map.of("network", Set.of("forward", "ip", "dns", "route",
            "domain", "portgroup", "bandwidth", "vlan", "mtu")), Set.of(), XmlMerge.Equivalence.EXACT);

    /** The definition the parameters describe (only the name: an isolated network with a bridge libvirt names). */
    static NetworkDefinition fromParameters(Params p) {
        XmlElement net = XmlElement.of("network").add(XmlElement.of("name").withText(p.name()));
        if (p.bridge() != null) {
            net = net.add(XmlElement.of("bridge").with("name", p.bridge()));
        }
        String mode = p.forwardMode();
        if (mode.equals("nat") || mode.equals("route")) {
            net = net.add(XmlElement.of("forward").with("mode", mode));
        }
        IpBlock ip = p.ip();
        if (ip != null) {
            XmlElement e = XmlElement.of("ip").with("address", ip.address()).with("prefix",
                    Integer.toString(ip.prefix()));
            if (ip.dhcpStart() != null) {
                e = e.add(XmlElement.of("dhcp").add(XmlElement.of("range").with("start", ip.dhcpStart())
                        .with("end", ip.dhcpEnd())));
            }
            net = net.add(e);
        }
        String summary = (mode.equals("none") ? "isolated" : mode) + ", bridge " + (p.bridge() == null
                ? "named by libvirt" : p.bridge()) + (ip == null ? ", no IP address"
                : ", " + ip.address() + "/" + ip.prefix() + (ip.dhcpStart() == null ? "" : " with DHCP"));
        return new NetworkDefinition(p.name(), net, FROM_PARAMETERS, summary);
    }

    /** The definition in the task's {@code xml}; its name must agree with {@code name}. */
    static NetworkDefinition fromXml(String xml, String name) {
        XmlElement net = XmlElement.parse(xml);
        if (!net.name().equals("network")) {
            throw invalid("xml", "the XML is a <" + net.name() + ">, not a <network>");
        }
        String inXml = net.child("name").map(XmlElement::text).orElse("");
        if (!LibvirtDomainModule.NAME.matcher(inXml).matches()) {
            throw invalid("xml", "the network XML needs a <name> of letters, digits, _ . - (it has '" + inXml + "')");
        }
        if (name != null && !name.equals(inXml)) {
            throw invalid("name", "'" + name + "' differs from the name in the XML, '" + inXml + "'");
        }
        return new NetworkDefinition(inXml, net, FROM_XML, "from xml");
    }

    private static KvmforgeException invalid(String param, String what) {
        return new KvmforgeException(ErrorKind.TASK, "module 'libvirt_network', parameter '" + param + "': " + what,
                null, null);
    }
}
