package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.libvirt.DomainState;
import dev.kvmforge.runner.libvirt.Libvirt;
import dev.kvmforge.runner.libvirt.LibvirtDomain;
import dev.kvmforge.runner.libvirt.XmlElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code libvirt_domain}: a virtual machine defined from parameters (memory, vCPUs, disks, a CD-ROM, boot order,
 * network interfaces, VNC on 127.0.0.1, a serial console to a log file) or from {@code xml}, in the state asked:
 * defined, running, shutdown, destroyed, paused or undefined, with or without autostart.
 *
 * <p>The definition is compared with what libvirt stores ({@code dumpxml --inactive}) after merging the task's XML
 * into it (see {@link dev.kvmforge.runner.libvirt.XmlMerge}: the UUID, MAC and PCI addresses and libvirt's defaults
 * are kept), so a domain is redefined only when something the task says differs, and check mode and {@code --diff}
 * show the XML before and after. A running domain that is redefined keeps running as it was; the definition applies
 * at its next boot.
 *
 * <p>Data is never lost by default: a running VM is powered off only by {@code state: destroyed}, or by
 * {@code state: undefined} with {@code destroy_running: true}; undefining removes disks only with
 * {@code remove_storage: true}. Memory larger than the host's, a missing disk or ISO, or a bad name is an error
 * before anything changes.
 */
public final class LibvirtDomainModule implements Module<LibvirtDomainModule.Params> {

    /** A domain name kvmforge accepts: letters, digits, {@code _ . -}. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.:-]+");

    /** The states a task can ask for. */
    public enum State {
        DEFINED, RUNNING, SHUTDOWN, DESTROYED, PAUSED, UNDEFINED;

        @JsonCreator
        public static State parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "defined", "present" -> DEFINED;
                case "running", "started" -> RUNNING;
                case "shutdown" -> SHUTDOWN;
                case "destroyed" -> DESTROYED;
                case "paused" -> PAUSED;
                case "undefined", "absent" -> UNDEFINED;
                default -> throw new IllegalArgumentException("state '" + s + "' is not one of defined, running, "
                        + "shutdown, destroyed, paused, undefined");
            };
        }
    }

    /**
     * A disk of the domain: a file on the host.
     *
     * @param path   the image file (absolute); it must exist
     * @param format its format: raw or qcow2 (default: qcow2 for a {@code .qcow2} file, raw otherwise)
     * @param bus    virtio (default), sata, scsi, ide or usb
     * @param device disk (default) or cdrom
     */
    public record Disk(String path, String format, String bus, String device) {
        public Disk {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("disks: a disk's 'path' must be an absolute path, not " + path);
            }
            device = device == null ? "disk" : device;
            if (!device.equals("disk") && !device.equals("cdrom")) {
                throw new IllegalArgumentException("disks: a disk's 'device' is disk or cdrom, not '" + device + "'");
            }
            format = format == null ? (path.endsWith(".qcow2") ? "qcow2" : "raw") : format;
            if (!format.matches("raw|qcow2|qed|vmdk|vdi|vpc|vhdx")) {
                throw new IllegalArgumentException("disks: a disk's 'format' is raw or qcow2 (or qed, vmdk, vdi, "
                        + "vpc, vhdx), not '" + format + "'");
            }
            bus = bus == null ? (device.equals("cdrom") ? "sata" : "virtio") : bus;
            if (!bus.matches("virtio|sata|scsi|ide|usb")) {
                throw new IllegalArgumentException("disks: a disk's 'bus' is virtio, sata, scsi, ide or usb, not '"
                        + bus + "'");
            }
        }
    }

    /**
     * A network interface: on a libvirt network or on a host bridge.
     *
     * @param network the libvirt network's name
     * @param bridge  or the host bridge's name
     * @param model   the NIC model (default virtio)
     */
    public record NetworkInterface(String network, String bridge, String model) {
        public NetworkInterface {
            if ((network == null) == (bridge == null)) {
                throw new IllegalArgumentException("interfaces: an interface has 'network' (a libvirt network) or "
                        + "'bridge' (a host bridge), one of them");
            }
            String on = network != null ? network : bridge;
            if (!WORD.matcher(on).matches()) {
                throw new IllegalArgumentException("interfaces: '" + on + "' is not a network or bridge name");
            }
            model = model == null ? "virtio" : model;
            if (!model.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("interfaces: '" + model + "' is not a NIC model");
            }
        }
    }

    /**
     * @param name            the domain's name: letters, digits, {@code _ . -}
     * @param xml             a whole domain definition, instead of the parameters below
     * @param memoryMb        memory in MiB (needed to define from parameters); at most the host's
     * @param vcpus           virtual CPUs (default 1)
     * @param disks           the disks, in order
     * @param cdrom           an ISO file for a CD-ROM drive (must exist)
     * @param boot            boot devices in order: hd, cdrom, network, fd (default hd; cdrom, hd with a cdrom)
     * @param machine         the machine type, such as pc or q35 (default: libvirt's)
     * @param interfaces      network interfaces (default none)
     * @param graphics        none (default) or vnc, which listens on 127.0.0.1 only
     * @param serialLog       a file the serial console is written to
     * @param domainType      kvm (default: fails clearly where KVM cannot be used), qemu (software emulation, much
     *                        slower), or auto (kvm where this host's libvirt can use KVM, else qemu with a warning)
     * @param state           defined (default), running, shutdown, destroyed, paused or undefined
     * @param autostart       start the domain when libvirtd starts
     * @param removeStorage   with state undefined: also delete the domain's disks (not its CD-ROMs)
     * @param destroyRunning  with state undefined: power off a running domain first
     * @param shutdownTimeout seconds to wait for the guest to power off with state shutdown (default 60)
     * @param returnXml       return the domain's XML as {@code xml}
     * @param uri             the libvirt URI (default qemu:///system on the host)
     */
    public record Params(String name, String xml, Long memoryMb, Integer vcpus, List<Disk> disks, String cdrom,
                         List<String> boot, String machine, List<NetworkInterface> interfaces, String graphics,
                         String serialLog, String domainType, State state, Boolean autostart, Boolean removeStorage,
                         Boolean destroyRunning, Integer shutdownTimeout, Boolean returnXml, String uri) {
        public Params {
            if (name != null && !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'name' must be a plain domain name: letters, digits, _ . - (no "
                        + "spaces, quotes or ;), not '" + name + "'");
            }
            if (memoryMb != null && memoryMb < 1) {
                throw new IllegalArgumentException("'memory_mb' must be at least 1");
            }
            if (vcpus != null && vcpus < 1) {
                throw new IllegalArgumentException("'vcpus' must be at least 1");
            }
            if (cdrom != null && !cdrom.startsWith("/")) {
                throw new IllegalArgumentException("'cdrom' must be an absolute path to an ISO file");
            }
            if (boot != null) {
                for (String b : boot) {
                    if (!b.matches("hd|cdrom|network|fd")) {
                        throw new IllegalArgumentException("'boot': device '" + b
                                + "' is not one of hd, cdrom, network, fd");
                    }
                }
            }
            if (machine != null && !NAME.matcher(machine).matches()) {
                throw new IllegalArgumentException("'machine': '" + machine + "' is not a machine type");
            }
            if (graphics != null && !graphics.equals("none") && !graphics.equals("vnc")) {
                throw new IllegalArgumentException("'graphics' is none or vnc (on 127.0.0.1), not '" + graphics + "'");
            }
            if (serialLog != null && (!serialLog.startsWith("/") || serialLog.endsWith("/"))) {
                throw new IllegalArgumentException("'serial_log' must be an absolute file path");
            }
            domainType = domainType == null ? "kvm" : domainType;
            if (!domainType.equals("kvm") && !domainType.equals("qemu") && !domainType.equals("auto")) {
                throw new IllegalArgumentException("'domain_type' is kvm, qemu or auto, not '" + domainType + "'");
            }
            state = state == null ? State.DEFINED : state;
            if (shutdownTimeout != null && shutdownTimeout < 0) {
                throw new IllegalArgumentException("'shutdown_timeout' must not be negative");
            }
        }

        /** Whether the task describes the domain (then it is defined or redefined as described). */
        boolean definesDomain() {
            return xml != null || memoryMb != null;
        }
    }

    /** The parameters that describe a domain, which {@code xml} describes whole instead. */
    private static final List<String> DEFINITION = List.of("vcpus", "disks", "cdrom", "boot", "machine", "interfaces",
            "graphics", "serial_log", "domain_type");

    private static final ParameterRules RULES = ParameterRules.NONE
            .requiredOneOf("name", "xml")
            .mutuallyExclusive("xml", "memory_mb", "xml is the whole definition")
            .mutuallyExclusive("xml", DEFINITION, "xml is the whole definition")
            .requiredBy(DEFINITION, "memory_mb", "it is required to define a domain from parameters")
            .onlyWith("remove_storage", "state", "undefined")
            .onlyWith("destroy_running", "state", "undefined");

    private final boolean filesFirst;

    public LibvirtDomainModule() {
        this(true);
    }

    /**
     * @param filesFirst whether the disks and ISOs the definition names must exist before it is defined (the
     *                   collection's {@code virt} defines first and lets the disks come later: libvirt checks
     *                   them when the domain starts)
     */
    LibvirtDomainModule(boolean filesFirst) {
        this.filesFirst = filesFirst;
    }

    @Override
    public String name() {
        return "libvirt_domain";
    }

    @Override
    public ParameterRules rules() {
        return RULES;
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    /** One change in words (with its diff) and what carries it out. */
    private record Step(Change change, DomainStep what) {
        /** Whether libvirt needs KVM for it when the domain is of type kvm (defining or starting it). */
        boolean needsKvm() {
            return what instanceof DomainStep.Define || what instanceof DomainStep.Start;
        }
    }

    /**
     * The steps, what the domain will be after them, and a note for the result.
     *
     * @param kvmDomain whether the domain is (or is to be) of type kvm, so that defining or starting it needs KVM
     */
    private record Steps(List<Step> steps, Map<String, Object> values, String note, boolean kvmDomain) {
        Plan plan() {
            return new Plan(steps.stream().map(Step::change).toList(), values);
        }

        /** Whether a step defines or starts a kvm domain: then the host must be able to run it under KVM. */
        boolean needsKvm() {
            return kvmDomain && steps.stream().anyMatch(Step::needsKvm);
        }

        String name() {
            return String.valueOf(values.get("name"));
        }
    }

    @Override
    public Plan plan(ModuleContext context, Params p) {
        DomainDefinition def = definition(context, p);
        try (Libvirt libvirt = context.libvirt(p.uri())) {
            DomainKvm kvm = null;
            String warning = null;
            if (def != null && def.domainType().equals("auto")) {
                kvm = DomainKvm.of(context.host(), libvirt);
                def = def.withDomainType(kvm.usable() ? "kvm" : "qemu");
                if (!kvm.usable()) {
                    warning = "domain " + def.name() + " runs under software emulation (domain_type qemu): "
                            + kvm.why() + ". Guests run much slower than under KVM";
                }
            }
            Steps steps = steps(context.host(), libvirt, p, def);
            if (steps.needsKvm()) {
                (kvm != null ? kvm : DomainKvm.of(context.host(), libvirt)).require(context.host(), steps.name());
            }
            if (warning != null) {
                steps.values().put("warnings", List.of(warning));
            }
            return steps.plan().withIntent(steps);
        }
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        Steps s = plan.intent(Steps.class).orElseThrow(() -> new IllegalStateException("a plan without its steps"));
        Host host = context.host();
        String name = s.name();
        Map<String, Object> learnt = new LinkedHashMap<>();
        try (Libvirt libvirt = context.libvirt(p.uri())) {
            for (Step step : s.steps()) {
                step.what().carryOut(host, libvirt, name, learnt);
            }
            ModuleResult r = ModuleResult.of(s.plan()).withValues(learnt);
            return s.note() == null ? r : new ModuleResult(r.changed(), false, s.note(), r.values(), r.diffs());
        }
    }

    /** The definition the task gives, checked against the host unless it is to go; null when it gives none. */
    private DomainDefinition definition(ModuleContext context, Params p) {
        if (!p.definesDomain()) {
            return null;
        }
        DomainDefinition def = p.xml() != null ? DomainDefinition.fromXml(p.xml(), p.name())
                : DomainDefinition.fromParameters(p);
        if (p.state() != State.UNDEFINED && filesFirst) {
            def.check(context);
        }
        return def;
    }

    private static Steps steps(Host host, Libvirt libvirt, Params p, DomainDefinition def) {
        String name = def != null ? def.name() : p.name();
        Optional<LibvirtDomain> now = libvirt.domain(name);
        List<Step> steps = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", name);
        if (p.state() == State.UNDEFINED) {
            return undefine(host, libvirt, p, name, now, values);
        }
        if (now.isEmpty() && def == null) {
            if (p.state() == State.SHUTDOWN || p.state() == State.DESTROYED) {
                values.put("state", "undefined");
                return new Steps(steps, values, null, false);
            }
            throw new KvmforgeException(ErrorKind.TASK, "domain " + name + " is not defined on " + host.name(),
                    host.name(), "give memory_mb (with disks, interfaces...) or xml to define it");
        }
        DomainState state = now.map(LibvirtDomain::state).orElse(DomainState.SHUT_OFF);
        String note = null;
        XmlElement stored = now.isPresent() ? XmlElement.parse(libvirt.domainXml(name)) : null;
        XmlElement after = stored;
        if (def != null) {
            after = def.merge().merge(stored, def.desired());
            String xml = after.toString();
            if (stored == null) {
                steps.add(new Step(Change.of("define domain " + name + " (" + def.summary() + ")",
                        new Diff(diffPath(name), "", xml)), new DomainStep.Define(xml)));
            } else if (!after.equals(stored)) {
                boolean active = state.active();
                if (active) {
                    note = "domain " + name + " is running: its new definition applies at its next boot";
                }
                steps.add(new Step(Change.of("redefine domain " + name + (active ? " (it keeps running as it is: the "
                        + "new definition applies at its next boot)" : ""), new Diff(diffPath(name), stored.toString(),
                        xml)), new DomainStep.Define(xml)));
            }
        }
        boolean autostart = now.map(LibvirtDomain::autostart).orElse(false);
        if (p.autostart() != null && p.autostart() != autostart) {
            boolean on = p.autostart();
            steps.add(new Step(Change.of("autostart domain " + name + ": " + (on ? "on" : "off")),
                    new DomainStep.Autostart(on)));
            autostart = on;
        }
        DomainState end = state;
        switch (p.state()) {
            case RUNNING -> {
                if (state == DomainState.SHUT_OFF) {
                    steps.add(start(name));
                } else if (state == DomainState.PAUSED) {
                    steps.add(resume(name));
                } else if (state == DomainState.OTHER) {
                    throw notNow(host, name, "run");
                }
                end = DomainState.RUNNING;
            }
            case PAUSED -> {
                if (state == DomainState.SHUT_OFF) {
                    steps.add(start(name));
                } else if (state == DomainState.OTHER) {
                    throw notNow(host, name, "pause");
                }
                if (state != DomainState.PAUSED) {
                    steps.add(new Step(Change.of("pause domain " + name), new DomainStep.Pause()));
                }
                end = DomainState.PAUSED;
            }
            case SHUTDOWN -> {
                if (state == DomainState.PAUSED) {
                    steps.add(resume(name));
                }
                if (state.active()) {
                    int timeout = p.shutdownTimeout() == null ? 60 : p.shutdownTimeout();
                    steps.add(new Step(Change.of("shut down domain " + name + " (ACPI power button, waiting up to "
                            + timeout + " s)"), new DomainStep.Shutdown(timeout)));
                }
                end = DomainState.SHUT_OFF;
            }
            case DESTROYED -> {
                if (state.active()) {
                    steps.add(new Step(Change.of("destroy domain " + name + " (power off at once)"),
                            new DomainStep.Destroy()));
                }
                end = DomainState.SHUT_OFF;
            }
            default -> {
                // DEFINED: as it is
            }
        }
        values.put("state", end.toString());
        values.put("autostart", autostart);
        if (Boolean.TRUE.equals(p.returnXml()) && after != null) {
            values.put("xml", after.toString());
        }
        return new Steps(steps, values, note, after != null && after.attribute("type").equals("kvm"));
    }

    private static String diffPath(String name) {
        return "libvirt domain " + name;
    }

    private static Step start(String name) {
        return new Step(Change.of("start domain " + name), new DomainStep.Start());
    }

    private static Step resume(String name) {
        return new Step(Change.of("resume domain " + name), new DomainStep.Resume());
    }

    private static KvmforgeException notNow(Host host, String name, String verb) {
        return new KvmforgeException(ErrorKind.TASK, "domain " + name + " is neither running, paused nor shut off "
                + "(shutting down, crashed or suspended by its guest): cannot " + verb + " it now", host.name(),
                "wait for it, or power it off with state: destroyed");
    }

    /** Undefining: refuses to power off a running domain unless asked; storage only with remove_storage. */
    private static Steps undefine(Host host, Libvirt libvirt, Params p, String name, Optional<LibvirtDomain> now,
                                  Map<String, Object> values) {
        List<Step> steps = new ArrayList<>();
        values.put("state", "undefined");
        values.put("autostart", false);
        if (now.isEmpty()) {
            return new Steps(steps, values, null, false);
        }
        LibvirtDomain d = now.get();
        if (d.state().active()) {
            if (!Boolean.TRUE.equals(p.destroyRunning())) {
                throw new KvmforgeException(ErrorKind.TASK, "domain " + name + " is " + d.state() + ": undefining it "
                        + "would power it off", host.name(), "shut it down first (state: shutdown), or set "
                        + "destroy_running: true to power it off");
            }
            steps.add(new Step(Change.of("destroy domain " + name + " (destroy_running: true)"),
                    new DomainStep.Destroy()));
        }
        if (!d.persistent()) {
            return new Steps(steps, values, null, false);
        }
        boolean removeStorage = Boolean.TRUE.equals(p.removeStorage());
        List<String> disks = Libvirt.diskFiles(XmlElement.parse(libvirt.domainXml(name)));
        String line = "undefine domain " + name + (disks.isEmpty() ? "" : removeStorage
                ? " and delete its disks (remove_storage: true): " + String.join(", ", disks)
                : " (its disks stay: " + String.join(", ", disks) + ")");
        steps.add(new Step(Change.of(line), new DomainStep.Undefine(removeStorage, p.uri() == null)));
        return new Steps(steps, values, null, false);
    }
}
