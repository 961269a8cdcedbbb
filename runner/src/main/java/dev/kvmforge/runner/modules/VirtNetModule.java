package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.libvirt.Libvirt;
import dev.kvmforge.runner.libvirt.LibvirtNetwork;
import dev.kvmforge.runner.libvirt.XmlElement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code community.libvirt.virt_net} ({@code virt_net}): the collection's interface to libvirt networks, with its
 * states ({@code active}, {@code inactive}, {@code present}, {@code absent}), its commands and its return values
 * ({@code list_nets}, {@code status}, {@code get_xml}, {@code networks}, the fact {@code ansible_libvirt_networks}),
 * on kvmforge's libvirt port, so roles written for the collection run without Python or lxml on the host.
 *
 * <p>As in the collection, {@code command: define} defines a network that is missing and leaves an existing one as
 * it is (kvmforge's own {@code libvirt_network} redefines it when the XML differs). Where the collection differs
 * from itself, kvmforge is idempotent: starting an active network or stopping an inactive one is {@code ok}, not an
 * error; {@code autostart} given with a state is applied, not ignored. In check mode a network that is not defined
 * yet (an earlier task of the run would define it) plans its start, as the collection reports it changed.
 */
public final class VirtNetModule implements Module<VirtNetModule.Params> {

    /** The states a task can ask for. */
    public enum State {
        ACTIVE, INACTIVE, PRESENT, ABSENT;

        @JsonCreator
        public static State parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "active" -> ACTIVE;
                case "inactive" -> INACTIVE;
                case "present" -> PRESENT;
                case "absent", "undefined" -> ABSENT;
                default -> throw new IllegalArgumentException("state '" + s + "' is not one of active, inactive, "
                        + "present, absent");
            };
        }

        LibvirtLifecycle.Wanted wanted() {
            return LibvirtLifecycle.Wanted.valueOf(name());
        }
    }

    /** The collection's commands. */
    public enum Command {
        DEFINE, CREATE, START, STOP, DESTROY, UNDEFINE, GET_XML, LIST_NETS, FACTS, INFO, STATUS;

        @JsonCreator
        public static Command parse(String s) {
            if (s.equals("modify")) {
                throw new IllegalArgumentException("command 'modify' (DHCP host entries) is not in kvmforge yet: "
                        + "define the network with its <host> entries instead");
            }
            for (Command c : values()) {
                if (c.word().equals(s)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("command '" + s + "' is not one of define, create, start, stop, "
                    + "destroy, undefine, get_xml, list_nets, facts, info, status");
        }

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether the command acts on one network, so {@code name} is required. */
        boolean onOne() {
            return this != LIST_NETS && this != FACTS && this != INFO;
        }
    }

    /**
     * @param name      the network's name
     * @param state     active, inactive, present or absent
     * @param command   one of the collection's commands
     * @param autostart start the network when libvirtd starts
     * @param uri       the libvirt URI (default qemu:///system)
     * @param xml       the network's definition, for define and state present
     */
    public record Params(@JsonAlias("network") String name, State state, Command command, Boolean autostart,
                         String uri, String xml) {
        public Params {
            if (state == null && command == null && autostart == null) {
                throw new IllegalArgumentException("expected state, command or autostart to be given");
            }
            if (state != null && command != null && command != Command.LIST_NETS) {
                throw new IllegalArgumentException("state and command go together only with command: list_nets "
                        + "(which lists the networks in that state)");
            }
            if (name == null && (state != null && command == null || command != null && command.onOne()
                    || state == null && command == null)) {
                throw new IllegalArgumentException("'name' is required with "
                        + (command != null ? "command: " + command.word() : state != null ? "a state" : "autostart"));
            }
            if (command == Command.DEFINE && xml == null) {
                throw new IllegalArgumentException("command: define requires 'xml'");
            }
        }
    }

    private static final LibvirtLifecycle.Kind KIND = new LibvirtLifecycle.Kind("network", "network",
            Libvirt::defineNetwork, Libvirt::startNetwork, Libvirt::stopNetwork, Libvirt::undefineNetwork,
            Libvirt::setNetworkAutostart);

    @Override
    public String name() {
        return "virt_net";
    }

    @Override
    public List<String> aliases() {
        return List.of("community.libvirt.virt_net");
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public Plan plan(ModuleContext context, Params p) {
        return LibvirtSteps.plan(context, p.uri(), libvirt -> steps(context, libvirt, p));
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        return LibvirtSteps.apply(context, p.uri(), plan);
    }

    private static LibvirtSteps steps(ModuleContext context, Libvirt libvirt, Params p) {
        LibvirtSteps s = new LibvirtSteps();
        String name = p.name();
        if (p.command() == Command.LIST_NETS) {
            String only = p.state() == null ? null : p.state() == State.ACTIVE ? "active" : "inactive";
            return s.value("list_nets", libvirt.networks().stream().filter(n -> only == null
                    || (n.active() ? "active" : "inactive").equals(only)).map(LibvirtNetwork::name).toList());
        }
        if (p.command() == Command.FACTS || p.command() == Command.INFO) {
            Map<String, Object> all = new LinkedHashMap<>();
            for (LibvirtNetwork n : libvirt.networks()) {
                if (name == null || n.name().equals(name)) {
                    all.put(n.name(), facts(n, libvirt.networkXml(n.name())));
                }
            }
            if (name != null && all.isEmpty()) {
                throw notFound(context, name);
            }
            return p.command() == Command.INFO ? s.value("networks", all)
                    : s.value("ansible_facts", Map.of("ansible_libvirt_networks", all));
        }
        Optional<LibvirtNetwork> now = libvirt.network(name);
        LibvirtLifecycle.Wanted wanted = p.state() != null ? p.state().wanted() : p.command() == null ? null
                : switch (p.command()) {
                    case DEFINE -> LibvirtLifecycle.Wanted.PRESENT;
                    case CREATE, START -> LibvirtLifecycle.Wanted.ACTIVE;
                    case STOP, DESTROY -> LibvirtLifecycle.Wanted.INACTIVE;
                    case UNDEFINE -> LibvirtLifecycle.Wanted.ABSENT;
                    default -> null;
                };
        if (p.command() == Command.STATUS || p.command() == Command.GET_XML) {
            LibvirtNetwork n = now.orElseThrow(() -> notFound(context, name));
            return p.command() == Command.STATUS ? s.value("status", n.active() ? "active" : "inactive")
                    : s.value("get_xml", libvirt.networkXml(n.name()));
        }
        LibvirtLifecycle.toState(s, context, KIND, name, now.map(n -> new LibvirtLifecycle.Found(n.active(),
                n.persistent(), n.autostart())), LibvirtLifecycle.Asked.of(wanted, p.xml(), p.autostart()));
        return s;
    }

    /** A network as the collection's facts describe it. */
    private static Map<String, Object> facts(LibvirtNetwork n, String xml) {
        XmlElement root = XmlElement.parse(xml);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("autostart", LibvirtSteps.yesNo(n.autostart()));
        f.put("persistent", LibvirtSteps.yesNo(n.persistent()));
        f.put("state", n.active() ? "active" : "inactive");
        f.put("bridge", n.bridge());
        f.put("uuid", root.child("uuid").map(XmlElement::text).orElse(""));
        root.child("forward").ifPresent(fw -> f.put("forward_mode", fw.attribute("mode").isEmpty() ? "nat"
                : fw.attribute("mode")));
        root.child("domain").ifPresent(d -> f.put("domain", d.attribute("name")));
        root.child("mac").ifPresent(m -> f.put("macaddress", m.attribute("address")));
        return f;
    }

    private static KvmforgeException notFound(ModuleContext context, String name) {
        return LibvirtLifecycle.notFound(context, KIND, name);
    }
}
