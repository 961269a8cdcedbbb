package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.FileStat;
import dev.kvmforge.runner.libvirt.Libvirt;
import dev.kvmforge.runner.libvirt.LibvirtPool;
import dev.kvmforge.runner.libvirt.PoolBuild;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code community.libvirt.virt_pool} ({@code virt_pool}): the collection's interface to libvirt storage pools, with
 * its states ({@code active}, {@code inactive}, {@code present}, {@code absent}/{@code undefined}, {@code deleted}),
 * its commands and return values ({@code list_pools}, {@code status}, {@code get_xml}, {@code pools}, the fact
 * {@code ansible_libvirt_pools}), on kvmforge's libvirt port.
 *
 * <p>Storage goes only where a parameter says so: {@code state: absent} undefines a pool and leaves its directory and
 * volumes; {@code state: deleted} or {@code command: delete} also deletes the pool's storage (libvirt removes a
 * {@code dir} pool's directory only when it is empty). As in the collection, {@code command: define} leaves an
 * existing pool's definition as it is. kvmforge is idempotent where the collection is not: {@code build} of a
 * {@code dir} pool whose directory exists, starting an active pool and stopping an inactive one are {@code ok}.
 */
public final class VirtPoolModule implements Module<VirtPoolModule.Params> {

    /** The states a task can ask for. */
    public enum State {
        ACTIVE, INACTIVE, PRESENT, ABSENT, DELETED;

        @JsonCreator
        public static State parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "active" -> ACTIVE;
                case "inactive" -> INACTIVE;
                case "present" -> PRESENT;
                case "absent", "undefined" -> ABSENT;
                case "deleted" -> DELETED;
                default -> throw new IllegalArgumentException("state '" + s + "' is not one of active, inactive, "
                        + "present, absent, undefined, deleted");
            };
        }
    }

    /** The collection's commands. */
    public enum Command {
        DEFINE, BUILD, CREATE, START, STOP, DESTROY, DELETE, UNDEFINE, GET_XML, LIST_POOLS, FACTS, INFO, STATUS,
        REFRESH;

        @JsonCreator
        public static Command parse(String s) {
            for (Command c : values()) {
                if (c.word().equals(s)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("command '" + s + "' is not one of define, build, create, start, "
                    + "stop, destroy, delete, undefine, get_xml, list_pools, facts, info, status, refresh");
        }

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean onOne() {
            return this != LIST_POOLS && this != FACTS && this != INFO;
        }
    }

    /**
     * @param name      the pool's name
     * @param state     active, inactive, present, absent (undefined) or deleted
     * @param command   one of the collection's commands
     * @param autostart start the pool when libvirtd starts
     * @param uri       the libvirt URI (default qemu:///system)
     * @param xml       the pool's definition, for define and state present
     * @param mode      for build: new (default), repair, resize, no_overwrite or overwrite; for delete: normal
     */
    public record Params(@JsonAlias("pool") String name, State state, Command command, Boolean autostart, String uri,
                         String xml, String mode) {
        public Params {
            if (state == null && command == null && autostart == null) {
                throw new IllegalArgumentException("expected state, command or autostart to be given");
            }
            if (state != null && command != null && command != Command.LIST_POOLS) {
                throw new IllegalArgumentException("state and command go together only with command: list_pools "
                        + "(which lists the pools in that state)");
            }
            if (name == null && (command == null || command.onOne())) {
                throw new IllegalArgumentException("'name' is required with "
                        + (command != null ? "command: " + command.word() : state != null ? "a state" : "autostart"));
            }
            if (command == Command.DEFINE && xml == null) {
                throw new IllegalArgumentException("command: define requires 'xml'");
            }
            if (mode != null) {
                if (mode.equals("zeroed")) {
                    throw new IllegalArgumentException("mode 'zeroed' (delete by overwriting with zeros) is not in "
                            + "kvmforge: wipe the volumes with virt_volume command: wipe first");
                }
                if (!mode.equals("normal")) {
                    try {
                        PoolBuild.parse(mode);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("mode '" + mode + "' is not one of new, repair, resize, "
                                + "no_overwrite, overwrite, normal");
                    }
                }
            }
        }

        PoolBuild build() {
            return mode == null || mode.equals("normal") ? PoolBuild.NEW : PoolBuild.parse(mode);
        }
    }

    private static final LibvirtLifecycle.Kind KIND = new LibvirtLifecycle.Kind("storage pool", "pool",
            Libvirt::definePool, Libvirt::startPool, Libvirt::stopPool, Libvirt::undefinePool,
            Libvirt::setPoolAutostart);

    @Override
    public String name() {
        return "virt_pool";
    }

    @Override
    public List<String> aliases() {
        return List.of("community.libvirt.virt_pool");
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
        Command command = p.command();
        if (command == Command.LIST_POOLS) {
            String only = p.state() == null ? null : p.state() == State.ACTIVE ? "active" : "inactive";
            return s.value("list_pools", libvirt.pools().stream().filter(n -> only == null
                    || (n.active() ? "active" : "inactive").equals(only)).map(LibvirtPool::name).toList());
        }
        if (command == Command.FACTS || command == Command.INFO) {
            Map<String, Object> all = new LinkedHashMap<>();
            for (LibvirtPool pool : libvirt.pools()) {
                all.put(pool.name(), facts(libvirt, pool));
            }
            return command == Command.INFO ? s.value("pools", all)
                    : s.value("ansible_facts", Map.of("ansible_libvirt_pools", all));
        }
        Optional<LibvirtPool> now = libvirt.pool(name);
        if (command == Command.STATUS || command == Command.GET_XML) {
            LibvirtPool pool = now.orElseThrow(() -> notFound(context, name));
            return command == Command.STATUS ? s.value("status", pool.active() ? "active" : "inactive")
                    : s.value("get_xml", libvirt.poolXml(name));
        }
        if (command == Command.BUILD) {
            LibvirtPool pool = now.orElseThrow(() -> notFound(context, name));
            boolean there = pool.type().equals("dir") && !pool.path().isEmpty() && p.mode() == null
                    && (context.host().stat(pool.path()).filter(FileStat::isDirectory).isPresent()
                    || context.expects(pool.path()));
            if (!there) {
                PoolBuild mode = p.build();
                s.add("build storage pool " + name + (pool.path().isEmpty() ? "" : " (" + pool.path() + ")"),
                        l -> l.buildPool(name, mode));
            }
            return s;
        }
        if (command == Command.REFRESH) {
            if (!now.map(LibvirtPool::active).orElseThrow(() -> notFound(context, name))) {
                throw new KvmforgeException(ErrorKind.TASK, "storage pool " + name + " is not active: there is "
                        + "nothing to refresh", context.host().name(), "start it first: state: active");
            }
            return s.add("refresh storage pool " + name, l -> l.refreshPool(name));
        }
        State wanted = p.state() != null ? p.state() : command == null ? null : switch (command) {
            case DEFINE -> State.PRESENT;
            case CREATE, START -> State.ACTIVE;
            case STOP, DESTROY -> State.INACTIVE;
            case UNDEFINE -> State.ABSENT;
            case DELETE -> null;
            default -> throw new IllegalStateException("command " + command + " handled above");
        };
        if (command == Command.DELETE) {
            LibvirtPool pool = now.orElseThrow(() -> notFound(context, name));
            if (pool.active()) {
                throw new KvmforgeException(ErrorKind.TASK, "storage pool " + name + " is active: libvirt deletes "
                        + "only a stopped pool's storage", context.host().name(), "stop it first: state: inactive");
            }
            return s.add(deletion(pool), l -> l.deletePool(name));
        }
        LibvirtLifecycle.Asked asked = LibvirtLifecycle.Asked.of(wanted == null ? null : wanted == State.DELETED
                ? LibvirtLifecycle.Wanted.ABSENT : LibvirtLifecycle.Wanted.valueOf(wanted.name()), p.xml(),
                p.autostart());
        if (wanted == State.DELETED && now.isPresent()) {
            // the storage goes after the pool stops and before it is undefined
            asked = asked.withBeforeUndefine(deletion(now.get()), l -> l.deletePool(name));
        } else if (wanted == State.ABSENT && now.isPresent() && !now.get().path().isEmpty()) {
            asked = asked.withUndefineNote(" (its storage stays: " + now.get().path() + ")");
        }
        LibvirtLifecycle.toState(s, context, KIND, name, now.map(pl -> new LibvirtLifecycle.Found(pl.active(),
                pl.persistent(), pl.autostart())), asked);
        return s;
    }

    private static String deletion(LibvirtPool pool) {
        return "delete the storage of pool " + pool.name() + (pool.path().isEmpty() ? "" : " (" + pool.path()
                + ", which libvirt removes only when it is empty)");
    }

    /** A pool as the collection's facts describe it: sizes as text, flags as yes/no, volumes while active. */
    private static Map<String, Object> facts(Libvirt libvirt, LibvirtPool pool) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("status", pool.active() ? "running" : "inactive");
        f.put("size_total", Long.toString(pool.capacity()));
        f.put("size_used", Long.toString(pool.allocation()));
        f.put("size_available", Long.toString(pool.available()));
        f.put("autostart", LibvirtSteps.yesNo(pool.autostart()));
        f.put("persistent", LibvirtSteps.yesNo(pool.persistent()));
        f.put("state", pool.active() ? "active" : "inactive");
        f.put("type", pool.type());
        f.put("uuid", pool.uuid());
        if (pool.active()) {
            List<String> volumes = libvirt.volumes(pool.name());
            f.put("volume_count", volumes.size());
            f.put("volumes", volumes);
        } else {
            f.put("volume_count", -1);
        }
        if (!pool.path().isEmpty()) {
            f.put("path", pool.path());
        }
        LibvirtPool.Source source = pool.source();
        putIfGiven(f, "host", source.host());
        putIfGiven(f, "source_path", source.dir());
        putIfGiven(f, "format", source.format());
        if (!source.device().isEmpty()) {
            f.put("devices", List.of(source.device()));
        }
        return f;
    }

    private static void putIfGiven(Map<String, Object> facts, String key, String value) {
        if (!value.isEmpty()) {
            facts.put(key, value);
        }
    }

    private static KvmforgeException notFound(ModuleContext context, String name) {
        return LibvirtLifecycle.notFound(context, KIND, name);
    }
}
