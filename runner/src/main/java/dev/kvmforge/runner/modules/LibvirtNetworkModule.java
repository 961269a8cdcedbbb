package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.kvmforge.runner.libvirt.Libvirt;
import dev.kvmforge.runner.libvirt.LibvirtNetwork;
import dev.kvmforge.runner.libvirt.XmlElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code libvirt_network}: a libvirt virtual network present, active, inactive or absent, defined from parameters
 * (bridge, forward mode, an optional IP block) or from {@code xml}, with or without autostart; or, with
 * {@code command: list}, the tutorial's {@code virsh net-list --all} as the registered value {@code networks} and
 * the fact {@code libvirt_networks}: name, active, autostart, persistent, bridge and forward mode of each.
 *
 * <p>Given definition parameters or xml, an existing network is redefined only when the merged XML differs from what
 * libvirt stores, and check mode and {@code --diff} show the XML before and after; given only a name, an existing
 * network's definition is left as it is. An active network that is redefined takes the new definition when it is
 * next started.
 */
public final class LibvirtNetworkModule implements Module<LibvirtNetworkModule.Params> {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d"
            + "|1\\d\\d|[1-9]?\\d)){3}");

    /** What a task can ask of the networks instead of a state. */
    public enum Command {
        LIST;

        @JsonCreator
        public static Command parse(String s) {
            if (s.equalsIgnoreCase("list") || s.equalsIgnoreCase("list_nets")) {
                return LIST;
            }
            throw new IllegalArgumentException("command '" + s + "' is not list");
        }
    }

    /** The states a task can ask for. */
    public enum State {
        PRESENT, ACTIVE, INACTIVE, ABSENT;

        @JsonCreator
        public static State parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "present", "defined" -> PRESENT;
                case "active", "started", "running" -> ACTIVE;
                case "inactive", "stopped" -> INACTIVE;
                case "absent", "undefined" -> ABSENT;
                default -> throw new IllegalArgumentException("state '" + s + "' is not one of present, active, "
                        + "inactive, absent");
            };
        }
    }

    /**
     * The network's IPv4 block: the host's address on the bridge and, optionally, a DHCP range.
     *
     * @param address   the host's address on the network, such as 10.0.5.1
     * @param prefix    the prefix length (default 24)
     * @param dhcpStart the first address DHCP hands out
     * @param dhcpEnd   the last one
     */
    public record IpBlock(String address, Integer prefix, String dhcpStart, String dhcpEnd) {
        public IpBlock {
            if (address == null || !IPV4.matcher(address).matches()) {
                throw new IllegalArgumentException("ip.address must be an IPv4 address, not " + address);
            }
            prefix = prefix == null ? 24 : prefix;
            if (prefix < 1 || prefix > 32) {
                throw new IllegalArgumentException("ip.prefix must be 1 to 32, not " + prefix);
            }
            if ((dhcpStart == null) != (dhcpEnd == null)) {
                throw new IllegalArgumentException("give both ip.dhcp_start and ip.dhcp_end, or neither");
            }
            for (String a : new String[] {dhcpStart, dhcpEnd}) {
                if (a != null && !IPV4.matcher(a).matches()) {
                    throw new IllegalArgumentException("'" + a + "' is not an IPv4 address");
                }
            }
        }
    }

    /**
     * @param command     list: report the networks, change nothing
     * @param name        the network's name: letters, digits, {@code _ . -}
     * @param state       present (default: defined), active (started), inactive (stopped) or absent
     * @param bridge      the bridge device (at most 15 characters; default: libvirt picks virbrN)
     * @param forwardMode none or isolated (default: no forwarding), nat or route
     * @param ip          the IP block; none by default (an isolated bridge without addresses)
     * @param xml         a whole network definition, instead of bridge, forward_mode and ip
     * @param autostart   start the network when libvirtd starts
     * @param uri         the libvirt URI (default qemu:///system on the host)
     */
    public record Params(Command command, String name, State state, String bridge, String forwardMode, IpBlock ip,
                         String xml, Boolean autostart, String uri) {
        public Params {
            if (command != null) {
                if (name != null || state != null || bridge != null || forwardMode != null || ip != null
                        || xml != null || autostart != null) {
                    throw new IllegalArgumentException("command: list takes no other parameter than uri");
                }
            } else {
                if (name == null && xml == null) {
                    throw new IllegalArgumentException("'name' is required (or 'xml' with a <name>, or command: list)");
                }
                if (name != null && !LibvirtDomainModule.NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("'name' must be a plain network name: letters, digits, _ . -, "
                            + "not '" + name + "'");
                }
                state = state == null ? State.PRESENT : state;
            }
            if (bridge != null && !bridge.matches("[A-Za-z0-9_.-]{1,15}")) {
                throw new IllegalArgumentException("'bridge' must be a bridge name (letters, digits, _ . -, at most "
                        + "15), not '" + bridge + "'");
            }
            if (forwardMode != null && !forwardMode.matches("none|isolated|nat|route")) {
                throw new IllegalArgumentException("'forward_mode' is none, isolated, nat or route, not '"
                        + forwardMode + "'");
            }
        }

        /** Whether the task describes the network (then it is defined or redefined as described). */
        boolean definesNetwork() {
            return xml != null || bridge != null || forwardMode != null || ip != null;
        }

        @Override
        public String forwardMode() {
            return forwardMode == null || forwardMode.equals("isolated") ? "none" : forwardMode;
        }
    }

    private static final ParameterRules RULES = ParameterRules.NONE
            .mutuallyExclusive("xml", List.of("bridge", "forward_mode", "ip"), "xml is the whole definition");

    @Override
    public String name() {
        return "libvirt_network";
    }

    @Override
    public ParameterRules rules() {
        return RULES;
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    /** One change to a network, as data: {@link #apply} carries the plan's steps out in order, and nothing else. */
    private sealed interface NetworkStep {

        /** Carries the step out on network {@code name}. */
        void carryOut(Libvirt libvirt, String name);

        /** Define, or redefine, the network from {@code xml}. */
        record Define(String xml) implements NetworkStep {
            @Override
            public void carryOut(Libvirt libvirt, String name) {
                libvirt.defineNetwork(xml);
            }
        }

        record Autostart(boolean on) implements NetworkStep {
            @Override
            public void carryOut(Libvirt libvirt, String name) {
                libvirt.setNetworkAutostart(name, on);
            }
        }

        record Start() implements NetworkStep {
            @Override
            public void carryOut(Libvirt libvirt, String name) {
                libvirt.startNetwork(name);
            }
        }

        record Stop() implements NetworkStep {
            @Override
            public void carryOut(Libvirt libvirt, String name) {
                libvirt.stopNetwork(name);
            }
        }

        record Undefine() implements NetworkStep {
            @Override
            public void carryOut(Libvirt libvirt, String name) {
                libvirt.undefineNetwork(name);
            }
        }
    }

    /** One change in words (with its diff) and what carries it out. */
    private record Step(Change change, NetworkStep what) {
    }

    private record Steps(List<Step> steps, Map<String, Object> values, String note) {
        Plan plan() {
            return new Plan(steps.stream().map(Step::change).toList(), values);
        }
    }

    @Override
    public Plan plan(ModuleContext context, Params p) {
        try (Libvirt libvirt = context.libvirt(p.uri())) {
            Steps steps = steps(libvirt, p);
            return steps.plan().withIntent(steps);
        }
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        Steps s = plan.intent(Steps.class).orElseThrow(() -> new IllegalStateException("a plan without its steps"));
        try (Libvirt libvirt = context.libvirt(p.uri())) {
            String name = String.valueOf(s.values().get("name"));
            for (Step step : s.steps()) {
                step.what().carryOut(libvirt, name);
            }
            ModuleResult r = ModuleResult.of(s.plan());
            return s.note() == null ? r : new ModuleResult(r.changed(), false, s.note(), r.values(), r.diffs());
        }
    }

    private static Steps steps(Libvirt libvirt, Params p) {
        List<Step> steps = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        if (p.command() == Command.LIST) {
            List<Map<String, Object>> list = libvirt.networks().stream().map(LibvirtNetwork::asValues).toList();
            values.put("networks", list);
            values.put("ansible_facts", Map.of("libvirt_networks", list));
            return new Steps(steps, values, null);
        }
        NetworkDefinition def = p.xml() != null ? NetworkDefinition.fromXml(p.xml(), p.name())
                : NetworkDefinition.fromParameters(p);
        String name = def.name();
        values.put("name", name);
        Optional<LibvirtNetwork> now = libvirt.network(name);
        if (p.state() == State.ABSENT) {
            if (now.isPresent() && now.get().active()) {
                steps.add(new Step(Change.of("stop network " + name), new NetworkStep.Stop()));
            }
            if (now.isPresent() && now.get().persistent()) {
                steps.add(new Step(Change.of("undefine network " + name), new NetworkStep.Undefine()));
            }
            values.put("state", "absent");
            return new Steps(steps, values, null);
        }
        boolean active = now.map(LibvirtNetwork::active).orElse(false);
        String note = null;
        if (now.isEmpty()) {
            String xml = def.desired().toString();
            steps.add(new Step(Change.of("define network " + name + " (" + def.summary() + ")",
                    new Diff(diffPath(name), "", xml)), new NetworkStep.Define(xml)));
        } else if (p.definesNetwork() || !now.get().persistent()) {
            XmlElement stored = XmlElement.parse(libvirt.networkXml(name));
            XmlElement after = p.definesNetwork() ? def.merge().merge(stored, def.desired()) : stored;
            if (!after.equals(stored) || !now.get().persistent()) {
                String xml = after.toString();
                if (active) {
                    note = "network " + name + " is active: its new definition applies when it is next started";
                }
                steps.add(new Step(Change.of((now.get().persistent() ? "redefine" : "define") + " network " + name
                        + (active ? " (it stays as it is until it is next started)" : ""),
                        new Diff(diffPath(name), stored.toString(), xml)), new NetworkStep.Define(xml)));
            }
        }
        boolean autostart = now.map(LibvirtNetwork::autostart).orElse(false);
        if (p.autostart() != null && p.autostart() != autostart) {
            boolean on = p.autostart();
            steps.add(new Step(Change.of("autostart network " + name + ": " + (on ? "on" : "off")),
                    new NetworkStep.Autostart(on)));
            autostart = on;
        }
        if (p.state() == State.ACTIVE && !active) {
            steps.add(new Step(Change.of("start network " + name), new NetworkStep.Start()));
            active = true;
        } else if (p.state() == State.INACTIVE && active) {
            steps.add(new Step(Change.of("stop network " + name), new NetworkStep.Stop()));
            active = false;
        }
        values.put("state", active ? "active" : "inactive");
        values.put("autostart", autostart);
        return new Steps(steps, values, note);
    }

    private static String diffPath(String name) {
        return "libvirt network " + name;
    }
}
