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
 * {@link Shell#quote} and every name after its option ({@code --domain NAME}), XML given on stdin. Listing is one
 * command however many domains or networks there are. Messages are read in the C locale.
 */
final class Virsh implements Libvirt {

    /** Starts a section in the output of the listing scripts (ASCII record separator). */
    private static final String SECTION = "\u001e";

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

    /**
     * Runs a listing script whose output is sections: a {@link #SECTION} line with the section's title, then its
     * lines. Returns the lines of each section by title.
     */
    private Map<String, List<String>> sections(String what, String script) {
        ExecResult r = host.run(script);
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "libvirt cannot " + what + ": " + message(r.stderr()),
                    host.name(), null);
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : r.stdout().split("\n", -1)) {
            if (line.startsWith(SECTION)) {
                current = new ArrayList<>();
                out.put(line.substring(1), current);
            } else if (current != null) {
                current.add(line);
            }
        }
        return out;
    }

    private String section(String title, String... args) {
        List<String> words = new ArrayList<>(List.of("virsh", "-q", "-c", uri));
        words.addAll(List.of(args));
        return "printf '" + SECTION + "%s\\n' " + Shell.quote(title) + " && LC_ALL=C " + Shell.command(words) + " && ";
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
        String script = section("all", "list", "--all", "--name")
                + section("running", "list", "--name", "--state-running")
                + section("paused", "list", "--name", "--state-paused")
                + section("shutoff", "list", "--all", "--name", "--state-shutoff")
                + section("autostart", "list", "--all", "--name", "--autostart")
                + section("persistent", "list", "--all", "--name", "--persistent") + "true";
        Map<String, List<String>> s = sections("list domains", script);
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
        String xmls = "LC_ALL=C " + Shell.command("virsh", "-q", "-c", uri, "net-list", "--all", "--name")
                + " | while IFS= read -r n; do [ -n \"$n\" ] || continue; printf '" + SECTION + "xml %s\\n' \"$n\"; "
                + "LC_ALL=C " + Shell.command("virsh", "-q", "-c", uri, "net-dumpxml", "--inactive")
                + " --network \"$n\""
                + " || exit $?; done";
        String script = section("all", "net-list", "--all", "--name")
                + section("active", "net-list", "--name")
                + section("autostart", "net-list", "--all", "--name", "--autostart")
                + section("persistent", "net-list", "--all", "--name", "--persistent") + "{ " + xmls + "; }";
        Map<String, List<String>> s = sections("list networks", script);
        Set<String> active = names(s.get("active"));
        Set<String> autostart = names(s.get("autostart"));
        Set<String> persistent = names(s.get("persistent"));
        List<LibvirtNetwork> out = new ArrayList<>();
        for (String name : names(s.get("all"))) {
            List<String> xml = s.get("xml " + name);
            if (xml == null) {
                continue; // undefined while we listed
            }
            out.add(LibvirtNetwork.of(name, active.contains(name), autostart.contains(name), persistent.contains(name),
                    String.join("\n", xml)));
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
