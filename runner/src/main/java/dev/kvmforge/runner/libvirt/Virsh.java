package dev.kvmforge.runner.libvirt;

import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code virsh} adapter: each call is a {@code virsh -c URI ...} command on the host, every argument through
 * {@link Shell#quote} and every name after its option ({@code --domain NAME}), XML given on stdin. A listing is one
 * virsh process with several commands, however many domains or networks there are. Messages are read in the C
 * locale.
 */
final class Virsh implements Libvirt {

    /** Starts a section's title in the output of a {@link #batch} (ASCII record separator)... */
    private static final String SECTION = "\u001e";
    /** ...and ends it (ASCII unit separator). */
    private static final String TITLE_END = "\u001f";

    private final Host host;
    private final String uri;
    private final String version;

    private Virsh(Host host, String uri, String version) {
        this.host = host;
        this.uri = uri;
        this.version = version;
    }

    /** Checks that virsh is there and libvirtd answers (one command, which also tells the version). */
    static Virsh connect(Host host, String uri) {
        ExecResult r = host.run(virsh(uri, List.of("version", "--daemon")));
        if (r.exitStatus() == 127) {
            throw new LibvirtUnavailableException("virsh is not installed on " + host.name(), host.name(),
                    "install libvirt-clients with the package module");
        }
        String err = r.stderr().strip();
        if (!r.ok() && Libvirt.saysNotRunning(err)) {
            throw Libvirt.notRunning(host.name(), uri, message(err));
        }
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "cannot connect to libvirt at " + uri + ": " + message(err),
                    host.name(), "check the URI and that the login user (or become) may use it");
        }
        String v = r.stdout().lines().filter(l -> l.startsWith("Running against daemon:"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("");
        return new Virsh(host, uri, v);
    }

    private static String virsh(String uri, List<String> args) {
        List<String> words = new ArrayList<>(List.of("virsh", "-q", "-c", uri));
        words.addAll(args);
        return "LC_ALL=C " + Shell.command(words);
    }

    /** virsh's error lines without their {@code error: } prefixes. */
    private static String message(String stderr) {
        return String.join("; ", stderr.lines().map(l -> l.startsWith("error: ") ? l.substring(7) : l)
                .filter(l -> !l.isBlank()).toList());
    }

    private String run(String what, byte[] stdin, String... args) {
        ExecResult r = host.run(virsh(uri, List.of(args)), stdin);
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "libvirt cannot " + what + ": " + message(r.stderr()),
                    host.name(), null);
        }
        return r.stdout();
    }

    private String run(String what, String... args) {
        return run(what, null, args);
    }

    @Override
    public String adapter() {
        return "virsh";
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String capabilities() {
        return run("tell its capabilities", "capabilities");
    }

    /**
     * Runs {@code commands} in one virsh process (virsh's own {@code ;} between commands, each argument in virsh's
     * quoting), each preceded by an {@code echo} of its title between {@link #SECTION} and {@link #TITLE_END}; one
     * connection to libvirt instead of one per command. Returns each command's output lines by title. virsh goes on
     * after a failing command and may still exit 0, so any {@code error:} line fails the whole listing.
     */
    private Map<String, List<String>> batch(String what, Map<String, List<String>> commands) {
        List<String> parts = new ArrayList<>();
        commands.forEach((title, args) -> {
            parts.add("echo " + virshQuote(SECTION + title + TITLE_END));
            parts.add(String.join(" ", args.stream().map(Virsh::virshQuote).toList()));
        });
        ExecResult r = host.run(virsh(uri, List.of(String.join("; ", parts))));
        if (!r.ok() || r.stderr().lines().anyMatch(l -> l.startsWith("error:"))) {
            throw new KvmforgeException(ErrorKind.TASK, "libvirt cannot " + what + ": " + message(r.stderr()),
                    host.name(), null);
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String chunk : r.stdout().split(SECTION, -1)) {
            int t = chunk.indexOf(TITLE_END);
            if (t >= 0) {
                out.put(chunk.substring(0, t), chunk.substring(t + 1).lines().toList());
            }
        }
        return out;
    }

    /** An argument as virsh's command parser reads it back: bare when plain, else in single quotes. */
    static String virshQuote(String arg) {
        return arg.matches("[A-Za-z0-9_.,:/=+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    private static Set<String> names(List<String> lines) {
        Set<String> s = new LinkedHashSet<>();
        for (String l : lines == null ? List.<String>of() : lines) {
            if (!l.isBlank()) {
                s.add(l.strip());
            }
        }
        return s;
    }

    @Override
    public List<LibvirtDomain> domains() {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        lists.put("all", List.of("list", "--all", "--name"));
        lists.put("running", List.of("list", "--name", "--state-running"));
        lists.put("paused", List.of("list", "--name", "--state-paused"));
        lists.put("shutoff", List.of("list", "--all", "--name", "--state-shutoff"));
        lists.put("autostart", List.of("list", "--all", "--name", "--autostart"));
        lists.put("persistent", List.of("list", "--all", "--name", "--persistent"));
        Map<String, List<String>> s = batch("list domains", lists);
        Set<String> running = names(s.get("running"));
        Set<String> paused = names(s.get("paused"));
        Set<String> off = names(s.get("shutoff"));
        Set<String> autostart = names(s.get("autostart"));
        Set<String> persistent = names(s.get("persistent"));
        List<LibvirtDomain> out = new ArrayList<>();
        for (String name : names(s.get("all"))) {
            DomainState state = running.contains(name) ? DomainState.RUNNING : paused.contains(name)
                    ? DomainState.PAUSED : off.contains(name) ? DomainState.SHUT_OFF : DomainState.OTHER;
            out.add(new LibvirtDomain(name, state, autostart.contains(name), persistent.contains(name)));
        }
        out.sort(Comparator.comparing(LibvirtDomain::name));
        return out;
    }

    @Override
    public String domainXml(String name) {
        return run("read the definition of domain " + name, "dumpxml", "--inactive", "--domain", name);
    }

    @Override
    public void defineDomain(String xml) {
        run("define the domain", xml.getBytes(StandardCharsets.UTF_8), "define", "--file", "/dev/stdin");
    }

    @Override
    public void start(String name) {
        run("start domain " + name, "start", "--domain", name);
    }

    @Override
    public void shutdown(String name) {
        run("shut down domain " + name, "shutdown", "--domain", name);
    }

    @Override
    public void destroy(String name) {
        run("destroy domain " + name, "destroy", "--domain", name);
    }

    @Override
    public void suspend(String name) {
        run("pause domain " + name, "suspend", "--domain", name);
    }

    @Override
    public void resume(String name) {
        run("resume domain " + name, "resume", "--domain", name);
    }

    @Override
    public void undefineDomain(String name, Set<DomainMetadata> alsoRemove) {
        List<String> args = new ArrayList<>(List.of("undefine", "--domain", name));
        alsoRemove.forEach(m -> args.add(m.virshOption()));
        if (!alsoRemove.contains(DomainMetadata.NVRAM)) {
            args.add("--keep-nvram");
        }
        run("undefine domain " + name, args.toArray(String[]::new));
    }

    @Override
    public String liveDomainXml(String name) {
        return run("read the definition of domain " + name, "dumpxml", "--domain", name);
    }

    @Override
    public boolean deleteVolume(String path) {
        ExecResult r = host.run(virsh(uri, List.of("vol-delete", "--vol", path)));
        if (r.ok()) {
            return true;
        }
        if (r.stderr().contains("Storage volume not found")) {
            return false;
        }
        throw new KvmforgeException(ErrorKind.TASK, "libvirt cannot delete the volume " + path + ": "
                + message(r.stderr()), host.name(), null);
    }

    @Override
    public void setAutostart(String name, boolean autostart) {
        if (autostart) {
            run("set autostart of domain " + name, "autostart", "--domain", name);
        } else {
            run("set autostart of domain " + name, "autostart", "--domain", name, "--disable");
        }
    }

    /** A network or storage pool as listed: its state flags and its XML. */
    private record Listed(String name, boolean active, boolean autostart, boolean persistent, String xml) {
    }

    /**
     * Every network or pool ({@code kind} net or pool), in two virsh processes: the listings with their state flags,
     * then each one's XML by {@code dump} (the dump command and its options, before the name).
     */
    private List<Listed> listed(String kind, String what, List<String> dump) {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        lists.put("all", List.of(kind + "-list", "--all", "--name"));
        lists.put("active", List.of(kind + "-list", "--name"));
        lists.put("autostart", List.of(kind + "-list", "--all", "--name", "--autostart"));
        lists.put("persistent", List.of(kind + "-list", "--all", "--name", "--persistent"));
        Map<String, List<String>> s = new LinkedHashMap<>(batch("list " + what, lists));
        Map<String, List<String>> xmls = new LinkedHashMap<>();
        for (String name : names(s.get("all"))) {
            List<String> args = new ArrayList<>(dump);
            args.add(name);
            xmls.put("xml " + name, args);
        }
        if (!xmls.isEmpty()) {
            s.putAll(batch("read the definitions of the " + what, xmls));
        }
        Set<String> active = names(s.get("active"));
        Set<String> autostart = names(s.get("autostart"));
        Set<String> persistent = names(s.get("persistent"));
        List<Listed> out = new ArrayList<>();
        for (String name : names(s.get("all"))) {
            // every listed one has its definition: a dump that failed failed the whole batch
            out.add(new Listed(name, active.contains(name), autostart.contains(name), persistent.contains(name),
                    String.join("\n", s.get("xml " + name))));
        }
        out.sort(Comparator.comparing(Listed::name));
        return out;
    }

    @Override
    public List<LibvirtNetwork> networks() {
        return listed("net", "networks", List.of("net-dumpxml", "--inactive", "--network")).stream()
                .map(l -> LibvirtNetwork.of(l.name(), l.active(), l.autostart(), l.persistent(), l.xml())).toList();
    }

    @Override
    public String networkXml(String name) {
        return run("read the definition of network " + name, "net-dumpxml", "--inactive", "--network", name);
    }

    @Override
    public void defineNetwork(String xml) {
        run("define the network", xml.getBytes(StandardCharsets.UTF_8), "net-define", "--file", "/dev/stdin");
    }

    @Override
    public void startNetwork(String name) {
        run("start network " + name, "net-start", "--network", name);
    }

    @Override
    public void stopNetwork(String name) {
        run("stop network " + name, "net-destroy", "--network", name);
    }

    @Override
    public void setNetworkAutostart(String name, boolean autostart) {
        if (autostart) {
            run("set autostart of network " + name, "net-autostart", "--network", name);
        } else {
            run("set autostart of network " + name, "net-autostart", "--network", name, "--disable");
        }
    }

    @Override
    public void undefineNetwork(String name) {
        run("undefine network " + name, "net-undefine", "--network", name);
    }

    @Override
    public DomainInfo domainInfo(String name) {
        Map<String, String> f = fields(run("read the state of domain " + name, "dominfo", "--domain", name));
        String cpuTime = f.getOrDefault("CPU time", "0s").replaceAll("s$", "");
        return new DomainInfo(number(f, "Max memory"), number(f, "Used memory"), (int) number(f, "CPU(s)"),
                Math.round(Double.parseDouble(cpuTime) * 1e9));
    }

    @Override
    public NodeInfo nodeInfo() {
        Map<String, String> f = fields(run("tell the host's CPUs and memory", "nodeinfo"));
        return new NodeInfo(f.getOrDefault("CPU model", ""), number(f, "Memory size"), (int) number(f, "CPU(s)"),
                (int) number(f, "CPU frequency"), (int) number(f, "NUMA cell(s)"), (int) number(f, "CPU socket(s)"),
                (int) number(f, "Core(s) per socket"), (int) number(f, "Thread(s) per core"));
    }

    /** {@code Key: value} lines, as virsh's info commands print them. */
    private static Map<String, String> fields(String out) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                f.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return f;
    }

    /** The leading number of a field ({@code 1048576 KiB} is 1048576); 0 when it is not there. */
    private static long number(Map<String, String> fields, String key) {
        String v = fields.getOrDefault(key, "0").split("\\s+")[0];
        return v.matches("\\d+") ? Long.parseLong(v) : 0;
    }

    @Override
    public long freeMemory() {
        // without options virsh sums the cells: "Total: 123456 KiB"
        String out = run("tell the host's free memory", "freecell");
        return out.lines().filter(l -> l.strip().startsWith("Total:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(0L);
    }

    @Override
    public String hypervisor() {
        String out = run("tell its hypervisor", "version");
        return out.lines().filter(l -> l.startsWith("Running hypervisor:"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip().split("\\s+")[0]).findFirst().orElse("");
    }

    @Override
    public List<LibvirtPool> pools() {
        return listed("pool", "storage pools", List.of("pool-dumpxml", "--pool")).stream()
                .map(l -> LibvirtPool.of(l.name(), l.active(), l.autostart(), l.persistent(), l.xml())).toList();
    }

    @Override
    public String poolXml(String name) {
        return run("read the definition of storage pool " + name, "pool-dumpxml", "--pool", name);
    }

    @Override
    public void definePool(String xml) {
        run("define the storage pool", xml.getBytes(StandardCharsets.UTF_8), "pool-define", "--file", "/dev/stdin");
    }

    @Override
    public void buildPool(String name, PoolBuild mode) {
        if (mode == PoolBuild.REPAIR || mode == PoolBuild.RESIZE) {
            throw new KvmforgeException(ErrorKind.TASK, "virsh cannot build storage pool " + name + " in mode "
                    + mode.name().toLowerCase(java.util.Locale.ROOT), host.name(),
                    "use mode new, no_overwrite or overwrite, or run on the libvirt host itself");
        }
        if (mode.virshOption() == null) {
            run("build storage pool " + name, "pool-build", "--pool", name);
        } else {
            run("build storage pool " + name, "pool-build", "--pool", name, mode.virshOption());
        }
    }

    @Override
    public void startPool(String name) {
        run("start storage pool " + name, "pool-start", "--pool", name);
    }

    @Override
    public void stopPool(String name) {
        run("stop storage pool " + name, "pool-destroy", "--pool", name);
    }

    @Override
    public void deletePool(String name) {
        run("delete storage pool " + name, "pool-delete", "--pool", name);
    }

    @Override
    public void undefinePool(String name) {
        run("undefine storage pool " + name, "pool-undefine", "--pool", name);
    }

    @Override
    public void setPoolAutostart(String name, boolean autostart) {
        if (autostart) {
            run("set autostart of storage pool " + name, "pool-autostart", "--pool", name);
        } else {
            run("set autostart of storage pool " + name, "pool-autostart", "--pool", name, "--disable");
        }
    }

    @Override
    public void refreshPool(String name) {
        run("refresh storage pool " + name, "pool-refresh", "--pool", name);
    }

    @Override
    public List<String> volumes(String pool) {
        // "-q vol-list" prints " NAME   PATH" per volume; a name never holds two spaces in a row here
        List<String> out = new ArrayList<>();
        for (String line : run("list the volumes of storage pool " + pool, "vol-list", "--pool", pool).lines()
                .toList()) {
            String l = line.strip();
            if (!l.isEmpty()) {
                out.add(l.split("\\s{2,}")[0]);
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    @Override
    public String volumeXml(String pool, String volume) {
        return run("read the definition of volume " + volume, "vol-dumpxml", "--pool", pool, "--vol", volume);
    }

    @Override
    public void createVolume(String pool, String xml, String cloneOf) {
        byte[] in = xml.getBytes(StandardCharsets.UTF_8);
        if (cloneOf == null) {
            run("create a volume in storage pool " + pool, in, "vol-create", "--pool", pool, "--file", "/dev/stdin");
        } else {
            run("clone volume " + cloneOf + " in storage pool " + pool, in, "vol-create-from", "--pool", pool,
                    "--file", "/dev/stdin", "--vol", cloneOf, "--inputpool", pool);
        }
    }

    @Override
    public void deleteVolume(String pool, String volume) {
        run("delete volume " + volume, "vol-delete", "--pool", pool, "--vol", volume);
    }

    @Override
    public void resizeVolume(String pool, String volume, long bytes) {
        run("resize volume " + volume, "vol-resize", "--pool", pool, "--vol", volume, "--capacity", bytes + "B");
    }

    @Override
    public void wipeVolume(String pool, String volume) {
        run("wipe volume " + volume, "vol-wipe", "--pool", pool, "--vol", volume);
    }

    @Override
    public void close() {
        // each call was its own command: nothing held
    }
}
