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
    public void undefineDomain(String name) {
        run("undefine domain " + name, "undefine", "--domain", name, "--keep-nvram");
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

    @Override
    public List<LibvirtNetwork> networks() {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        lists.put("all", List.of("net-list", "--all", "--name"));
        lists.put("active", List.of("net-list", "--name"));
        lists.put("autostart", List.of("net-list", "--all", "--name", "--autostart"));
        lists.put("persistent", List.of("net-list", "--all", "--name", "--persistent"));
        Map<String, List<String>> s = new LinkedHashMap<>(batch("list networks", lists));
        Map<String, List<String>> xmls = new LinkedHashMap<>();
        for (String name : names(s.get("all"))) {
            xmls.put("xml " + name, List.of("net-dumpxml", "--inactive", "--network", name));
        }
        if (!xmls.isEmpty()) {
            s.putAll(batch("read the network definitions", xmls));
        }
        Set<String> active = names(s.get("active"));
        Set<String> autostart = names(s.get("autostart"));
        Set<String> persistent = names(s.get("persistent"));
        List<LibvirtNetwork> out = new ArrayList<>();
        for (String name : names(s.get("all"))) {
            // every listed network has its definition: a net-dumpxml that failed failed the whole batch
            out.add(LibvirtNetwork.of(name, active.contains(name), autostart.contains(name), persistent.contains(name),
                    String.join("\n", s.get("xml " + name))));
        }
        out.sort(Comparator.comparing(LibvirtNetwork::name));
        return out;
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
    public void close() {
        // each call was its own command: nothing held
    }
}
