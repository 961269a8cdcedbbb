package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.libvirt.DomainInfo;
import dev.kvmforge.runner.libvirt.DomainMetadata;
import dev.kvmforge.runner.libvirt.DomainState;
import dev.kvmforge.runner.libvirt.Libvirt;
import dev.kvmforge.runner.libvirt.LibvirtDomain;
import dev.kvmforge.runner.libvirt.NodeInfo;
import dev.kvmforge.runner.libvirt.XmlElement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code community.libvirt.virt} ({@code virt}): the collection's interface to libvirt domains, with its states
 * ({@code running}, {@code shutdown}, {@code destroyed}, {@code paused}), {@code autostart}, its commands and their
 * return values ({@code list_vms}, {@code status}, {@code get_xml}, {@code info}, {@code nodeinfo}...), on kvmforge's
 * libvirt port.
 *
 * <p>{@code command: define} is {@code libvirt_domain}'s definition from XML: the task's XML is merged into what
 * libvirt stores, so the UUID and MAC addresses are kept (what {@code mutate_flags} asks for, always) and a domain
 * is redefined only when the XML says something different, which check mode and {@code --diff} show exactly. As in
 * the collection, the disks need not exist yet when the domain is defined.
 *
 * <p>Data is never lost without a word for it: {@code command: undefine} keeps the domain's disks and its UEFI
 * variables; {@code force: true} removes the metadata (managed save, snapshot and checkpoint metadata, NVRAM) and
 * still keeps the disks, which only {@code flags: [delete_volumes]} deletes (the collection's {@code force} deletes
 * them too, which its documentation does not say). Commands are idempotent where the collection is not: starting a
 * running domain or stopping a shut-off one is {@code ok}. {@code shutdown} presses the ACPI power button and does
 * not wait, as in the collection.
 */
public final class VirtModule implements Module<VirtModule.Params> {

    /** The states a task can ask for. */
    public enum State {
        RUNNING, SHUTDOWN, DESTROYED, PAUSED;

        @JsonCreator
        public static State parse(String s) {
            for (State st : values()) {
                if (st.name().toLowerCase(Locale.ROOT).equals(s)) {
                    return st;
                }
            }
            throw new IllegalArgumentException("state '" + s + "' is not one of destroyed, paused, running, shutdown");
        }
    }

    /** The collection's commands. */
    public enum Command {
        CREATE, DEFINE, DESTROY, GET_XML, GET_INTERFACES, PAUSE, SHUTDOWN, STATUS, START, STOP, UNDEFINE, UNPAUSE,
        UUID, FREEMEM, INFO, LIST_VMS, NODEINFO, VIRTTYPE;

        @JsonCreator
        public static Command parse(String s) {
            if (s.equals("get_ifaddresses")) {
                throw new IllegalArgumentException("command 'get_ifaddresses' (addresses from DHCP leases or the "
                        + "guest agent) is not in kvmforge yet: use get_interfaces for the MAC addresses");
            }
            for (Command c : values()) {
                if (c.word().equals(s)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("command '" + s + "' is not one of create, define, destroy, freemem, "
                    + "get_xml, get_interfaces, info, list_vms, nodeinfo, pause, shutdown, status, start, stop, "
                    + "undefine, unpause, uuid, virttype");
        }

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether the command acts on one domain, so it needs {@code name}. */
        boolean onOne() {
            return ordinal() < FREEMEM.ordinal() && this != DEFINE;
        }
    }

    /** The undefine flags the collection knows, and what each removes here. */
    private static final Map<String, DomainMetadata> METADATA = Map.of("managed_save", DomainMetadata.MANAGED_SAVE,
            "snapshots_metadata", DomainMetadata.SNAPSHOTS, "nvram", DomainMetadata.NVRAM,
            "checkpoints_metadata", DomainMetadata.CHECKPOINTS);
    private static final Set<String> FLAGS = Set.of("managed_save", "snapshots_metadata", "nvram", "keep_nvram",
            "checkpoints_metadata", "delete_volumes");
    private static final Set<String> MUTATE_FLAGS = Set.of("ADD_UUID", "ADD_MAC_ADDRESSES", "ADD_MAC_ADDRESSES_FUZZY");

    /**
     * @param name        the domain's name
     * @param state       running, shutdown, destroyed or paused
     * @param autostart   start the domain when libvirtd starts
     * @param command     one of the collection's commands
     * @param flags       for undefine: what else to remove (managed_save, snapshots_metadata, nvram, keep_nvram,
     *                    checkpoints_metadata, delete_volumes); a list or a comma-separated text
     * @param force       for undefine: remove the metadata too (not the disks)
     * @param uri         the libvirt URI (default qemu:///system)
     * @param xml         the domain's definition, for define
     * @param mutateFlags accepted for compatibility: the UUID and MAC addresses are always kept
     */
    public record Params(@JsonAlias("guest") String name, State state, Boolean autostart, Command command,
                         Object flags, Boolean force, String uri, String xml, Object mutateFlags) {
        public Params {
            if (state != null && command != null && command != Command.LIST_VMS) {
                throw new IllegalArgumentException("state and command are mutually exclusive, except with command: "
                        + "list_vms (which lists the domains in that state)");
            }
            if (state == null && command == null && autostart == null) {
                throw new IllegalArgumentException("expected state or command parameter to be specified");
            }
            if (name == null && (command == null || command.onOne() || autostart != null)) {
                throw new IllegalArgumentException("'name' is required with " + (command != null ? "command: "
                        + command.word() : state != null ? "a state" : "autostart"));
            }
            if (command == Command.DEFINE && xml == null) {
                throw new IllegalArgumentException("define requires 'xml'");
            }
            List<String> f = words(flags, "flags");
            for (String flag : f) {
                if (!FLAGS.contains(flag)) {
                    throw new IllegalArgumentException("flags: '" + flag + "' is not one of managed_save, "
                            + "snapshots_metadata, nvram, keep_nvram, checkpoints_metadata, delete_volumes");
                }
            }
            if (f.contains("nvram") && f.contains("keep_nvram")) {
                throw new IllegalArgumentException("flags 'nvram' and 'keep_nvram' are mutually exclusive");
            }
            if (!f.isEmpty() && command != Command.UNDEFINE) {
                throw new IllegalArgumentException("flags go with command: undefine");
            }
            for (String m : words(mutateFlags, "mutate_flags")) {
                if (!MUTATE_FLAGS.contains(m)) {
                    throw new IllegalArgumentException("mutate_flags: '" + m + "' is not one of ADD_UUID, "
                            + "ADD_MAC_ADDRESSES, ADD_MAC_ADDRESSES_FUZZY");
                }
            }
        }

        List<String> flagList() {
            return words(flags, "flags");
        }
    }

    /** A list parameter given as a list or as comma-separated text, as Ansible takes {@code type: list}. */
    static List<String> words(Object value, String what) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            return s.isBlank() ? List.of() : List.of(s.split("\\s*,\\s*")).stream().map(String::strip).toList();
        }
        if (value instanceof List<?> l) {
            return l.stream().map(String::valueOf).map(String::strip).toList();
        }
        throw new IllegalArgumentException("'" + what + "' is a list of words, not " + value);
    }

    private final LibvirtDomainModule definer = new LibvirtDomainModule(false);

    @Override
    public String name() {
        return "virt";
    }

    @Override
    public List<String> aliases() {
        return List.of("community.libvirt.virt");
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public Plan plan(ModuleContext context, Params p) {
        if (p.command() == Command.DEFINE) {
            LibvirtDomainModule.Params definition = definitionOf(p.xml(), p.name(), p.autostart(), p.uri());
            boolean exists;
            try (Libvirt libvirt = context.libvirt(p.uri())) {
                exists = libvirt.domain(definition.name()).isPresent();
                if (exists) {
                    requireSameUuid(context, libvirt, definition);
                }
            }
            Plan plan = definer.plan(context, definition);
            return exists ? plan : plan.withValues(Map.of("created", definition.name()));
        }
        return LibvirtSteps.plan(context, p.uri(), libvirt -> steps(context, libvirt, p));
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        if (p.command() == Command.DEFINE) {
            ModuleResult r = definer.apply(context, definitionOf(p.xml(), p.name(), p.autostart(), p.uri()), plan);
            Object created = plan.values().get("created");
            return created == null ? r : r.withValues(Map.of("created", created));
        }
        return LibvirtSteps.apply(context, p.uri(), plan);
    }

    @Override
    public ModuleResult planned(ModuleContext context, Params p, Plan plan) {
        return p.command() == Command.DEFINE ? definer.planned(context, definitionOf(p.xml(), p.name(),
                p.autostart(), p.uri()), plan) : ModuleResult.of(plan);
    }

    /** The collection's check: the XML of an existing domain gives no UUID, or the domain's own. */
    private static void requireSameUuid(ModuleContext context, Libvirt libvirt, LibvirtDomainModule.Params d) {
        String uuid = XmlElement.parse(d.xml()).child("uuid").map(XmlElement::text).orElse("");
        if (!uuid.isEmpty()) {
            String stored = XmlElement.parse(libvirt.domainXml(d.name())).child("uuid").map(XmlElement::text)
                    .orElse("");
            if (!stored.equalsIgnoreCase(uuid)) {
                throw new KvmforgeException(ErrorKind.TASK, "attempting to re-define domain " + d.name() + "/"
                        + stored + " with a different UUID: " + uuid, context.host().name(),
                        "leave <uuid> out of the XML, or undefine the other domain first");
            }
        }
    }

    /** The XML with the name the task gives, when the XML has none; a name that differs from the XML's fails. */
    private static LibvirtDomainModule.Params definitionOf(String xml, String name, Boolean autostart, String uri) {
        XmlElement incoming;
        try {
            incoming = XmlElement.parse(xml);
        } catch (RuntimeException e) {
            throw new KvmforgeException(ErrorKind.TASK, "given XML is invalid: " + e.getMessage(), null,
                    "render the template and check it with virt-xml-validate");
        }
        String inXml = incoming.child("name").map(XmlElement::text).orElse("");
        if (!inXml.isEmpty() && name != null && !inXml.equals(name)) {
            throw new KvmforgeException(ErrorKind.TASK, "given 'name' parameter (" + name + ") does not match name in "
                    + "XML (" + inXml + ")", null, null);
        }
        if (inXml.isEmpty()) {
            if (name == null || name.isEmpty()) {
                throw new KvmforgeException(ErrorKind.TASK, "missing 'name' parameter and no name provided in XML",
                        null, "give name:, or a <name> in the XML");
            }
            incoming = incoming.add(XmlElement.of("name").withText(name));
            inXml = name;
        }
        return new LibvirtDomainModule.Params(inXml, incoming.toString(), null, null, null, null, null, null, null,
                null, null, null, LibvirtDomainModule.State.DEFINED, autostart, null, null, null, null, uri);
    }

    private static LibvirtSteps steps(ModuleContext context, Libvirt libvirt, Params p) {
        LibvirtSteps s = new LibvirtSteps();
        Command command = p.command();
        if (command == Command.LIST_VMS) {
            String only = p.state() == null ? null : status(p.state());
            List<String> names = new ArrayList<>();
            for (LibvirtDomain d : libvirt.domains()) {
                if (only == null || status(d.state()).equals(only)) {
                    names.add(d.name());
                }
            }
            return s.value("list_vms", names);
        }
        String name = p.name();
        Optional<LibvirtDomain> found = name == null ? Optional.empty() : libvirt.domain(name);
        boolean hostCommand = command != null && !command.onOne();
        if (found.isEmpty() && (!hostCommand || p.autostart() != null)) {
            if (command == Command.UNDEFINE) {
                return s;
            }
            if (!context.checkMode() || command != null && !changes(command) && !hostCommand) {
                throw new KvmforgeException(ErrorKind.TASK, "domain " + name + " not found", context.host().name(),
                        "define it first: command: define with xml");
            }
        }
        DomainState now = found.map(LibvirtDomain::state).orElse(DomainState.SHUT_OFF);
        String later = found.isEmpty() ? " (not defined yet: an earlier task would define it)" : "";
        if (p.autostart() != null && found.map(LibvirtDomain::autostart).orElse(false) != p.autostart()) {
            boolean on = p.autostart();
            s.add("autostart domain " + name + ": " + (on ? "on" : "off") + later, l -> l.setAutostart(name, on));
        }
        if (hostCommand) {
            return host(libvirt, command, p, s);
        }
        State wanted = p.state() != null ? p.state() : command == null ? null : switch (command) {
            case CREATE, START -> State.RUNNING;
            case SHUTDOWN, STOP -> State.SHUTDOWN;
            case DESTROY -> State.DESTROYED;
            case PAUSE -> State.PAUSED;
            default -> null;
        };
        if (command == Command.UNPAUSE) {
            if (now == DomainState.PAUSED) {
                s.add("resume domain " + name, l -> l.resume(name));
            }
            return s;
        }
        if (wanted != null) {
            switch (wanted) {
                case RUNNING -> {
                    if (now == DomainState.PAUSED) {
                        s.add("resume domain " + name, l -> l.resume(name));
                    } else if (now != DomainState.RUNNING) {
                        s.add("start domain " + name + later, l -> l.start(name));
                    }
                }
                case SHUTDOWN -> {
                    if (now.active()) {
                        s.add("shut down domain " + name + " (ACPI power button; the guest powers off in its own "
                                + "time)", l -> l.shutdown(name));
                    }
                }
                case DESTROYED -> {
                    if (now.active()) {
                        s.add("destroy domain " + name + " (power off at once)", l -> l.destroy(name));
                    }
                }
                default -> {
                    if (now == DomainState.RUNNING) {
                        s.add("pause domain " + name, l -> l.suspend(name));
                    }
                }
            }
            return s;
        }
        if (command == null) {
            return s;
        }
        switch (command) {
            case STATUS -> s.value("status", status(now));
            case GET_XML -> s.value("get_xml", libvirt.liveDomainXml(name));
            case UUID -> s.value("uuid", XmlElement.parse(libvirt.domainXml(name)).child("uuid")
                    .map(XmlElement::text).orElse(""));
            case GET_INTERFACES -> s.value("network_interfaces", interfaces(libvirt.liveDomainXml(name)));
            case UNDEFINE -> undefine(libvirt, p, name, s);
            default -> throw new IllegalStateException("command " + command + " handled above");
        }
        return s;
    }

    /** Whether the command may change the domain (then check mode plans it for a domain not defined yet). */
    private static boolean changes(Command c) {
        return c == Command.CREATE || c == Command.START;
    }

    private static void undefine(Libvirt libvirt, Params p, String name, LibvirtSteps s) {
        List<String> flags = p.flagList();
        Set<DomainMetadata> remove = EnumSet.noneOf(DomainMetadata.class);
        if (!flags.isEmpty()) {
            if (Boolean.TRUE.equals(p.force())) {
                s.warn("Ignoring 'force', because 'flags' are provided.");
            }
            flags.stream().filter(METADATA::containsKey).forEach(f -> remove.add(METADATA.get(f)));
        } else if (Boolean.TRUE.equals(p.force())) {
            remove.addAll(METADATA.values());
        }
        boolean deleteVolumes = flags.contains("delete_volumes");
        List<String> disks = Libvirt.diskFiles(XmlElement.parse(libvirt.domainXml(name)));
        String what = remove.isEmpty() ? "" : " and its " + String.join(", ", remove.stream()
                .map(m -> m.name().toLowerCase(Locale.ROOT).replace('_', ' ')).toList()) + " metadata";
        String line = "undefine domain " + name + what + (disks.isEmpty() ? "" : deleteVolumes
                ? "; delete its disks (flags: delete_volumes): " + String.join(", ", disks)
                : " (its disks stay: " + String.join(", ", disks) + ")");
        s.add(line, l -> {
            l.undefineDomain(name, remove);
            if (deleteVolumes) {
                for (String disk : disks) {
                    l.deleteVolume(disk);
                }
            }
        });
    }

    /** The host commands: info, nodeinfo, freemem, virttype. {@code info} and {@code nodeinfo} are top-level keys. */
    private static LibvirtSteps host(Libvirt libvirt, Command command, Params p, LibvirtSteps s) {
        switch (command) {
            case INFO -> {
                for (LibvirtDomain d : libvirt.domains()) {
                    DomainInfo i = libvirt.domainInfo(d.name());
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("state", status(d.state()));
                    m.put("maxMem", Long.toString(i.maxMemoryKib()));
                    m.put("memory", Long.toString(i.memoryKib()));
                    m.put("nrVirtCpu", i.vcpus());
                    m.put("cpuTime", Long.toString(i.cpuTimeNs()));
                    // as the collection reads it: after this task's autostart
                    boolean autostart = d.name().equals(p.name()) && p.autostart() != null ? p.autostart()
                            : d.autostart();
                    m.put("autostart", autostart ? 1 : 0);
                    s.value(d.name(), m);
                }
            }
            case NODEINFO -> {
                NodeInfo n = libvirt.nodeInfo();
                s.value("cpumodel", n.cpuModel()).value("phymemory", Long.toString(n.memoryKib() / 1024))
                        .value("cpus", Integer.toString(n.cpus())).value("cpumhz", Integer.toString(n.mhz()))
                        .value("numanodes", Integer.toString(n.numaNodes()))
                        .value("sockets", Integer.toString(n.sockets()))
                        .value("cpucores", Integer.toString(n.coresPerSocket()))
                        .value("cputhreads", Integer.toString(n.threadsPerCore()));
            }
            case FREEMEM -> s.value("freemem", libvirt.freeMemory());
            default -> s.value("virttype", libvirt.hypervisor());
        }
        return s;
    }

    /** The collection's word for a domain state: running, paused, shutdown (or crashed and the rest: unknown). */
    private static String status(DomainState st) {
        return switch (st) {
            case RUNNING -> "running";
            case PAUSED -> "paused";
            case SHUT_OFF -> "shutdown";
            case OTHER -> "unknown";
        };
    }

    private static String status(State st) {
        return switch (st) {
            case RUNNING -> "running";
            case PAUSED -> "paused";
            default -> "shutdown";
        };
    }

    /** {@code network_interfaces} as the collection's get_interfaces returns them: interface_1, interface_2... */
    private static Map<String, Object> interfaces(String xml) {
        Map<String, Object> out = new LinkedHashMap<>();
        int n = 0;
        for (XmlElement i : XmlElement.parse(xml).find("devices").map(d -> d.children("interface"))
                .orElse(List.of())) {
            String type = i.attribute("type");
            String sourceAttr = switch (type) {
                case "bridge" -> "bridge";
                case "direct" -> "dev";
                case "network" -> "network";
                default -> "";
            };
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", switch (type) {
                case "network" -> "NAT";
                case "direct" -> "macvtap";
                default -> type;
            });
            m.put("mac", i.child("mac").map(x -> x.attribute("address")).orElse(""));
            m.put("pci_bus", i.child("address").map(x -> x.attribute("bus")).orElse(""));
            m.put("source", sourceAttr.isEmpty() ? "" : i.child("source").map(x -> x.attribute(sourceAttr))
                    .orElse(""));
            out.put("interface_" + (++n), m);
        }
        return out;
    }
}
