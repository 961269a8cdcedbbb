package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.FileStat;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.libvirt.XmlElement;
import dev.kvmforge.runner.libvirt.XmlMerge;
import dev.kvmforge.runner.modules.LibvirtDomainModule.Disk;
import dev.kvmforge.runner.modules.LibvirtDomainModule.NetworkInterface;
import dev.kvmforge.runner.modules.LibvirtDomainModule.Params;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The domain a {@code libvirt_domain} task asks for: the desired XML (built from the parameters, or the task's
 * {@code xml} with its memory in KiB as libvirt stores it), how it is merged into what libvirt stores, and the files
 * it needs on the host.
 *
 * @param name    the domain's name
 * @param desired the XML that must hold
 * @param merge   how it is merged with the stored XML: which devices the task owns
 * @param summary the domain in a few words, for the plan
 * @param files   host files that must exist, each with the parameter it comes from
 */
record DomainDefinition(String name, XmlElement desired, XmlMerge merge, String summary, Map<String, String> files) {

    /** {@code pc} and {@code q35} are stored as the versioned machine they stand for ({@code pc-i440fx-7.2}). */
    static final XmlMerge.Equivalence MACHINE_ALIASES = (path, attribute, stored, desired) ->
            stored.equals(desired) || path.equals("domain/os/type") && attribute.equals("machine")
                    && (desired.equals("pc") && stored.startsWith("pc-i440fx-")
                    || desired.equals("q35") && stored.startsWith("pc-q35-"));

    /** From parameters: the task owns the disks, interfaces, graphics and serial console, and the boot order. */
    static final XmlMerge FROM_PARAMETERS = new XmlMerge(
            Map.of("domain/devices", Set.of("disk", "interface", "graphics", "serial", "console")),
            Set.of("domain/os/boot"), MACHINE_ALIASES);

    /**
     * From XML: the task owns the devices it would not get by default (disks, interfaces, graphics, serial ports,
     * host devices, shared folders) and the boot order; what libvirt adds (controllers, video, input, console for
     * the serial port) and elements the XML leaves out are kept.
     */
    static final XmlMerge FROM_XML = new XmlMerge(
            Map.of("domain/devices", Set.of("disk", "interface", "graphics", "serial", "hostdev", "filesystem")),
            Set.of("domain/os/boot"), MACHINE_ALIASES);

    /** The definition the parameters describe. */
    static DomainDefinition fromParameters(Params p) {
        long kib = p.memoryMb() * 1024;
        int vcpus = p.vcpus() == null ? 1 : p.vcpus();
        XmlElement type = XmlElement.of("type").withText("hvm");
        if (p.machine() != null) {
            type = type.with("machine", p.machine());
        }
        XmlElement os = XmlElement.of("os").add(type);
        List<String> boot = p.boot() != null ? p.boot() : p.cdrom() != null ? List.of("cdrom", "hd") : List.of("hd");
        for (String dev : boot) {
            os = os.add(XmlElement.of("boot").with("dev", dev));
        }
        Map<String, String> files = new LinkedHashMap<>();
        XmlElement devices = XmlElement.of("devices");
        Map<String, Integer> letters = new HashMap<>();
        List<Disk> disks = new ArrayList<>(p.disks() == null ? List.of() : p.disks());
        for (int i = 0; i < disks.size(); i++) {
            files.put(disks.get(i).path(), "disks[" + i + "].path");
        }
        if (p.cdrom() != null) {
            disks.add(new Disk(p.cdrom(), "raw", "sata", "cdrom"));
            files.put(p.cdrom(), "cdrom");
        }
        for (Disk d : disks) {
            String prefix = switch (d.bus()) {
                case "virtio" -> "vd";
                case "ide" -> "hd";
                default -> "sd";
            };
            int n = letters.merge(prefix, 1, Integer::sum) - 1;
            XmlElement disk = XmlElement.of("disk").with("type", "file").with("device", d.device())
                    .add(XmlElement.of("driver").with("name", "qemu").with("type", d.format()))
                    .add(XmlElement.of("source").with("file", d.path()))
                    .add(XmlElement.of("target").with("dev", prefix + (char) ('a' + n)).with("bus", d.bus()));
            if (d.device().equals("cdrom")) {
                disk = disk.add(XmlElement.of("readonly"));
            }
            devices = devices.add(disk);
        }
        for (NetworkInterface nic : p.interfaces() == null ? List.<NetworkInterface>of() : p.interfaces()) {
            XmlElement source = nic.network() != null ? XmlElement.of("source").with("network", nic.network())
                    : XmlElement.of("source").with("bridge", nic.bridge());
            devices = devices.add(XmlElement.of("interface").with("type", nic.network() != null ? "network" : "bridge")
                    .add(source).add(XmlElement.of("model").with("type", nic.model())));
        }
        if (p.serialLog() != null) {
            XmlElement source = XmlElement.of("source").with("path", p.serialLog());
            devices = devices.add(XmlElement.of("serial").with("type", "file").add(source)
                    .add(XmlElement.of("target").with("port", "0")));
            devices = devices.add(XmlElement.of("console").with("type", "file").add(source)
                    .add(XmlElement.of("target").with("type", "serial").with("port", "0")));
        }
        if ("vnc".equals(p.graphics())) {
            devices = devices.add(XmlElement.of("graphics").with("type", "vnc").with("port", "-1")
                    .with("autoport", "yes").with("listen", "127.0.0.1")
                    .add(XmlElement.of("listen").with("type", "address").with("address", "127.0.0.1")));
        }
        XmlElement domain = XmlElement.of("domain").with("type", p.domainType())
                .add(XmlElement.of("name").withText(p.name()))
                .add(XmlElement.of("memory").with("unit", "KiB").withText(Long.toString(kib)))
                .add(XmlElement.of("currentMemory").with("unit", "KiB").withText(Long.toString(kib)))
                .add(XmlElement.of("vcpu").with("placement", "static").withText(Integer.toString(vcpus)))
                .add(os).add(devices);
        int nics = p.interfaces() == null ? 0 : p.interfaces().size();
        String summary = p.domainType() + ", " + p.memoryMb() + " MiB, " + vcpus + " vCPU" + (vcpus == 1 ? "" : "s")
                + ", " + count(disks.size(), "disk") + ", " + (nics == 0 ? "no network interface"
                : count(nics, "network interface")) + ("vnc".equals(p.graphics()) ? ", VNC on 127.0.0.1" : "");
        return new DomainDefinition(p.name(), domain, FROM_PARAMETERS, summary, files);
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** The definition in the task's {@code xml}; its name must be a plain name and agree with {@code name}. */
    static DomainDefinition fromXml(String xml, String name) {
        XmlElement domain = XmlElement.parse(xml);
        if (!domain.name().equals("domain")) {
            throw invalid("xml", "the XML is a <" + domain.name() + ">, not a <domain>");
        }
        String inXml = domain.child("name").map(XmlElement::text).orElse("");
        if (inXml.isEmpty()) {
            throw invalid("xml", "the domain XML has no <name>");
        }
        if (!LibvirtDomainModule.NAME.matcher(inXml).matches()) {
            throw invalid("xml", "'" + inXml + "' is not a domain name kvmforge accepts (letters, digits, _ . -)");
        }
        if (name != null && !name.equals(inXml)) {
            throw invalid("name", "'" + name + "' differs from the name in the XML, '" + inXml + "'");
        }
        List<XmlElement> kids = new ArrayList<>();
        for (XmlElement c : domain.children()) {
            kids.add(Set.of("memory", "currentMemory", "maxMemory").contains(c.name()) ? inKib(c) : c);
        }
        domain = domain.withChildren(kids);
        Map<String, String> files = new LinkedHashMap<>();
        for (XmlElement disk : domain.find("devices").map(d -> d.children("disk")).orElse(List.of())) {
            String file = disk.child("source").map(s -> s.attribute("file")).orElse("");
            if (disk.attribute("type").equals("file") && !file.isEmpty()) {
                files.put(file, "xml (disk " + disk.find("target").map(t -> t.attribute("dev")).orElse("") + ")");
            }
        }
        return new DomainDefinition(inXml, domain, FROM_XML, "from xml", files);
    }

    /** A memory element with its size in KiB, as libvirt stores it. */
    static XmlElement inKib(XmlElement memory) {
        String unit = memory.attribute("unit").isEmpty() ? "KiB" : memory.attribute("unit");
        BigDecimal bytes = switch (unit.toLowerCase(Locale.ROOT)) {
            case "b", "bytes" -> BigDecimal.ONE;
            case "kb" -> BigDecimal.valueOf(1000);
            case "k", "kib" -> BigDecimal.valueOf(1024);
            case "mb" -> BigDecimal.valueOf(1000_000);
            case "m", "mib" -> BigDecimal.valueOf(1L << 20);
            case "gb" -> BigDecimal.valueOf(1000_000_000);
            case "g", "gib" -> BigDecimal.valueOf(1L << 30);
            case "tb" -> BigDecimal.valueOf(1000_000_000_000L);
            case "t", "tib" -> BigDecimal.valueOf(1L << 40);
            default -> throw invalid("xml", "unknown memory unit '" + unit + "'");
        };
        BigDecimal size;
        try {
            size = new BigDecimal(memory.text());
        } catch (NumberFormatException e) {
            throw invalid("xml", "<" + memory.name() + "> '" + memory.text() + "' is not a number");
        }
        long kib = size.multiply(bytes).divide(BigDecimal.valueOf(1024), 0, RoundingMode.CEILING).longValueExact();
        return memory.with("unit", "KiB").withText(Long.toString(kib));
    }

    /** The domain type asked: {@code kvm}, {@code qemu}, or {@code auto} until {@link #withDomainType} decides it. */
    String domainType() {
        return desired.attribute("type");
    }

    /** The same definition with its domain type decided. */
    DomainDefinition withDomainType(String type) {
        String was = domainType();
        String words = summary.startsWith(was + ",") ? type + summary.substring(was.length()) : summary;
        return new DomainDefinition(name, desired.with("type", type), merge, words, files);
    }

    /** The memory asked, in MiB. */
    long memoryMib() {
        return desired.child("memory").map(m -> Long.parseLong(m.text()) / 1024).orElse(0L);
    }

    /**
     * Checks the definition against the host before anything changes: memory within the host's, and every disk,
     * ISO and the serial log's directory there.
     */
    void check(ModuleContext context) {
        Host host = context.host();
        long hostMib = host.facts().memoryMb();
        if (hostMib > 0 && memoryMib() > hostMib) {
            throw new KvmforgeException(ErrorKind.TASK, "memory_mb: " + memoryMib() + " MiB is more than "
                    + host.name() + " has (MemTotal " + hostMib + " MiB)", host.name(), "ask for less memory");
        }
        files.forEach((path, from) -> {
            Optional<FileStat> st = host.stat(path);
            if (st.isEmpty() && context.expects(path)) {
                return;
            }
            if (st.isEmpty()) {
                throw new KvmforgeException(ErrorKind.TASK, from + ": " + path + " does not exist on " + host.name(),
                        host.name(), from.startsWith("cdrom") ? "download the ISO first (get_url, copy)"
                        : "create the disk first (qemu_img, or command: qemu-img create)");
            }
            if (st.get().isDirectory()) {
                throw new KvmforgeException(ErrorKind.TASK, from + ": " + path + " is a directory, not a disk image",
                        host.name(), null);
            }
        });
        serialLog().ifPresent(log -> {
            String dir = log.substring(0, Math.max(1, log.lastIndexOf('/')));
            if (host.stat(dir).filter(FileStat::isDirectory).isEmpty() && !context.expects(dir)
                    && !context.expectsInstalls()) {
                throw new KvmforgeException(ErrorKind.TASK, "serial_log: the directory " + dir + " does not exist on "
                        + host.name(), host.name(), "create it first (file: state=directory)");
            }
        });
    }

    private Optional<String> serialLog() {
        return merge == FROM_PARAMETERS ? desired.find("devices/serial/source").map(s -> s.attribute("path"))
                : Optional.empty();
    }

    private static KvmforgeException invalid(String param, String what) {
        return new KvmforgeException(ErrorKind.TASK, "module 'libvirt_domain', parameter '" + param + "': " + what,
                null, null);
    }
}
