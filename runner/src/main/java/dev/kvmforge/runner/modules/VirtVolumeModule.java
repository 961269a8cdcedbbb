package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.libvirt.Libvirt;
import dev.kvmforge.runner.libvirt.LibvirtPool;
import dev.kvmforge.runner.libvirt.LibvirtVolume;
import dev.kvmforge.runner.libvirt.XmlElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code community.libvirt.virt_volume} ({@code virt_volume}): volumes in a libvirt storage pool, as the collection
 * manages them: {@code state: present} (or {@code command: create}) creates the volume the XML describes, optionally
 * as a clone of {@code clone_source}, and grows an existing one to the XML's capacity; {@code state: absent} (or
 * {@code command: delete}) deletes it, wiped first with {@code wipe: true}; {@code command: wipe} zeroes it;
 * {@code list_volumes} and {@code get_xml} read. Return values are the collection's: the command's name holds the
 * result ({@code create: {name, path, key, XMLDesc}}, {@code list_volumes: [...]}).
 *
 * <p>Unlike the collection, it runs in check mode, and it never shrinks a volume (that loses the guest's data): a
 * capacity below the volume's is an error. {@code create_cidata_cdrom} is not there yet.
 */
public final class VirtVolumeModule implements Module<VirtVolumeModule.Params> {

    /** The states a task can ask for. */
    public enum State {
        PRESENT, ABSENT;

        @JsonCreator
        public static State parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "present" -> PRESENT;
                case "absent" -> ABSENT;
                default -> throw new IllegalArgumentException("state '" + s + "' is not present or absent");
            };
        }
    }

    /** The collection's commands. */
    public enum Command {
        CREATE, DELETE, WIPE, LIST_VOLUMES, GET_XML;

        @JsonCreator
        public static Command parse(String s) {
            if (s.equals("create_cidata_cdrom")) {
                throw new IllegalArgumentException("command 'create_cidata_cdrom' is not in kvmforge yet: build the "
                        + "seed ISO with cloud-localds (command) and upload it with copy");
            }
            for (Command c : values()) {
                if (c.word().equals(s)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("command '" + s + "' is not one of create, delete, wipe, "
                    + "list_volumes, get_xml");
        }

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param name        the volume's name (for create, the XML's {@code <name>} is the name)
     * @param pool        the storage pool it is in
     * @param state       present or absent
     * @param command     create, delete, wipe, list_volumes or get_xml
     * @param xml         the volume's definition, for create
     * @param cloneSource a volume of the same pool to copy when creating
     * @param wipe        overwrite the volume with zeros before deleting it
     * @param uri         the libvirt URI (default qemu:///system)
     */
    public record Params(@JsonAlias("volume") String name, String pool, State state, Command command, String xml,
                         String cloneSource, Boolean wipe, String uri) {
        public Params {
            if (pool == null) {
                throw new IllegalArgumentException("'pool' is required");
            }
            if (state != null && command != null) {
                throw new IllegalArgumentException("state and command are mutually exclusive");
            }
            if (state == null && command == null) {
                throw new IllegalArgumentException("expected 'command' or 'state' to be given");
            }
            command = command != null ? command : state == State.PRESENT ? Command.CREATE : Command.DELETE;
            if (command == Command.CREATE && xml == null) {
                throw new IllegalArgumentException("creating a volume requires 'xml'");
            }
            if ((command == Command.DELETE || command == Command.WIPE || command == Command.GET_XML) && name == null) {
                throw new IllegalArgumentException("'name' is required with command " + command.word());
            }
        }
    }

    @Override
    public String name() {
        return "virt_volume";
    }

    @Override
    public List<String> aliases() {
        return List.of("community.libvirt.virt_volume");
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
        ModuleResult r = LibvirtSteps.apply(context, p.uri(), plan);
        if (p.command() != Command.CREATE) {
            return r;
        }
        try (Libvirt libvirt = context.libvirt(p.uri())) {
            String name = XmlElement.parse(p.xml()).child("name").map(XmlElement::text).orElse("");
            return r.withValues(Map.of("create", created(libvirt.volumeXml(p.pool(), name))));
        }
    }

    private static LibvirtSteps steps(ModuleContext context, Libvirt libvirt, Params p) {
        LibvirtSteps s = new LibvirtSteps();
        String pool = p.pool();
        boolean active = libvirt.pool(pool).map(LibvirtPool::active).orElse(false);
        if (!active && !(context.checkMode() && p.command() == Command.CREATE)) {
            throw new KvmforgeException(ErrorKind.TASK, "storage pool " + pool + (libvirt.pool(pool).isEmpty()
                    ? " not found" : " is not active: its volumes cannot be read or changed"), context.host().name(),
                    "define and start it first: virt_pool state: active");
        }
        // in check mode a pool an earlier task would start has no volumes yet
        List<String> volumes = active ? libvirt.volumes(pool) : List.of();
        switch (p.command()) {
            case LIST_VOLUMES -> {
                List<Map<String, Object>> list = new ArrayList<>();
                for (String v : volumes) {
                    String xml = libvirt.volumeXml(pool, v);
                    LibvirtVolume vol = LibvirtVolume.of(xml);
                    Map<String, Object> m = created(xml);
                    m.put("capacity", vol.capacity());
                    m.put("allocation", vol.allocation());
                    m.put("type", vol.type());
                    list.add(m);
                }
                return s.value("list_volumes", list);
            }
            case GET_XML -> {
                if (!volumes.contains(p.name())) {
                    throw notFound(context, p.name(), pool);
                }
                return s.value("get_xml", libvirt.volumeXml(pool, p.name()));
            }
            case WIPE -> {
                if (volumes.contains(p.name())) {
                    s.add("wipe volume " + p.name() + " in pool " + pool + " (its data is overwritten with zeros)",
                            l -> l.wipeVolume(pool, p.name()));
                }
                return s;
            }
            case DELETE -> {
                String name = p.name();
                if (volumes.contains(name)) {
                    if (Boolean.TRUE.equals(p.wipe())) {
                        s.add("wipe volume " + name + " in pool " + pool, l -> l.wipeVolume(pool, name));
                    }
                    s.add("delete volume " + name + " from pool " + pool, l -> l.deleteVolume(pool, name));
                }
                return s;
            }
            default -> {
                return create(context, libvirt, p, volumes, s);
            }
        }
    }

    private static LibvirtSteps create(ModuleContext context, Libvirt libvirt, Params p, List<String> volumes,
                                       LibvirtSteps s) {
        String pool = p.pool();
        XmlElement desired = XmlElement.parse(p.xml());
        String name = desired.child("name").map(XmlElement::text).orElse("");
        if (!desired.name().equals("volume") || name.isEmpty()) {
            throw new KvmforgeException(ErrorKind.TASK, "the xml is not a <volume> with a <name>",
                    context.host().name(), "give the volume's definition: <volume><name>...</name>...</volume>");
        }
        if (p.name() != null && !p.name().equals(name)) {
            s.warn("The 'name' parameter is ignored; the volume name is taken from the XML definition ('" + name
                    + "').");
        }
        long capacity;
        try {
            capacity = LibvirtVolume.size(desired, "capacity");
        } catch (IllegalArgumentException e) {
            throw new KvmforgeException(ErrorKind.TASK, "the volume's <capacity>: " + e.getMessage(),
                    context.host().name(), "write it as <capacity unit='G'>10</capacity>");
        }
        if (!volumes.contains(name)) {
            String clone = p.cloneSource();
            if (clone != null && !volumes.contains(clone)) {
                throw new KvmforgeException(ErrorKind.TASK, "clone source volume '" + clone + "' does not exist in "
                        + "pool " + pool, context.host().name(), null);
            }
            String xml = p.xml();
            s.add(Change.of("create volume " + name + " in pool " + pool + (clone == null ? "" : " as a copy of "
                    + clone), new Diff("libvirt volume " + pool + "/" + name, "", xml)),
                    l -> l.createVolume(pool, xml, clone));
            if (clone != null && capacity > 0) {
                long cloneSize = LibvirtVolume.of(libvirt.volumeXml(pool, clone)).capacity();
                if (capacity > cloneSize) {
                    s.add("grow volume " + name + " to " + capacity + " bytes", l -> l.resizeVolume(pool, name,
                            capacity));
                }
            }
            return s;
        }
        String stored = libvirt.volumeXml(pool, name);
        LibvirtVolume now = LibvirtVolume.of(stored);
        s.value("create", created(stored));
        if (capacity > now.capacity()) {
            s.add("grow volume " + name + " from " + now.capacity() + " to " + capacity + " bytes",
                    l -> l.resizeVolume(pool, name, capacity));
        } else if (capacity > 0 && capacity < now.capacity()) {
            throw new KvmforgeException(ErrorKind.TASK, "volume " + name + " holds " + now.capacity() + " bytes; "
                    + "the xml asks for " + capacity + ": shrinking it would lose the guest's data",
                    context.host().name(), "give a capacity of at least " + now.capacity() + " bytes");
        }
        return s;
    }

    /** A volume as the collection returns it: name, path, key and its XML. */
    private static Map<String, Object> created(String xml) {
        LibvirtVolume v = LibvirtVolume.of(xml);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("XMLDesc", xml);
        m.put("name", v.name());
        m.put("path", v.path());
        m.put("key", v.key());
        return m;
    }

    private static KvmforgeException notFound(ModuleContext context, String name, String pool) {
        return new KvmforgeException(ErrorKind.TASK, "volume " + name + " not found in pool " + pool,
                context.host().name(), null);
    }
}
