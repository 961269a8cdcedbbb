package dev.kvmforge.runner.libvirt;

import dev.kvmforge.runner.connection.LocalConnection;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.modules.Module;
import dev.kvmforge.runner.modules.ModuleContext;
import dev.kvmforge.runner.modules.ModuleResult;
import dev.kvmforge.runner.modules.Parameters;
import dev.kvmforge.runner.modules.Plan;
import dev.kvmforge.runner.modules.ServiceModule;
import dev.kvmforge.runner.template.Templar;
import dev.kvmforge.testkit.GuestAcceleration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The machine's own libvirtd for tests. {@link #ensureRunning()} starts virtlogd and libvirtd, through the
 * {@code service} module, when they are not running; what it started stays up for the rest of the JVM and is stopped
 * by a shutdown hook, what was already running is left alone. It refuses to start libvirtd while the {@code default}
 * network is set to autostart (that would start 192.168.122.0/24, which tests must never do).
 *
 * <p>Also the helpers tests use to name, create and clean up what they make: every name starts with
 * {@code kvmf-test-}.
 */
public final class LocalLibvirtd {

    /** The controller's own host. */
    public static final Host LOCAL = new Host("local", new LocalConnection());

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> STARTED = new ArrayList<>();
    private static ModuleResult firstStart;

    private LocalLibvirtd() {
    }

    /** Makes sure libvirtd serves {@code qemu:///system}; the {@code service} module's result of doing so. */
    public static synchronized ModuleResult ensureRunning() {
        if (firstStart != null) {
            return firstStart;
        }
        if (Files.exists(Path.of("/etc/libvirt/qemu/networks/autostart/default.xml"))
                && !running("libvirtd")) {
            throw new IllegalStateException("libvirt's default network is set to autostart: starting libvirtd would "
                    + "start 192.168.122.0/24, which tests must not; run virsh net-autostart --disable default, or "
                    + "remove /etc/libvirt/qemu/networks/autostart/default.xml");
        }
        List<String> before = new ArrayList<>();
        for (String d : List.of("virtlogd", "libvirtd")) {
            if (!running(d)) {
                before.add(d);
            }
        }
        firstStart = service("libvirtd", "started");
        if (firstStart.failed()) {
            throw new IllegalStateException("cannot start libvirtd: " + firstStart.msg());
        }
        STARTED.addAll(before);
        if (!STARTED.isEmpty()) {
            Runtime.getRuntime().addShutdownHook(new Thread(LocalLibvirtd::stopWhatWasStarted, "stop-libvirtd"));
        }
        return firstStart;
    }

    /** Whether this JVM started the daemon (and will stop it when it exits). */
    public static synchronized boolean startedHere(String daemon) {
        return STARTED.contains(daemon);
    }

    private static void stopWhatWasStarted() {
        List<String> order = new ArrayList<>(STARTED);
        java.util.Collections.reverse(order);
        for (String d : order) {
            service(d, "stopped");
        }
    }

    /** Runs the {@code service} module on the local host as the executor does. */
    public static ModuleResult service(String name, String state) {
        return run(new ServiceModule(), Map.of("name", name, "state", state), false);
    }

    /** Runs a module on the local host as the executor does: plan, then apply unless checking or nothing to do. */
    public static <P> ModuleResult run(Module<P> module, Map<String, Object> args, boolean check) {
        P params = Parameters.bind(module, args);
        ModuleContext context = new ModuleContext(LOCAL, check, Map.of(), new Templar(), null);
        Plan plan = module.plan(context, params);
        return !check && !plan.isEmpty() ? module.apply(context, params, plan) : module.planned(context, params, plan);
    }

    /** Whether a daemon's pidfile names a live process of its name. */
    public static boolean running(String daemon) {
        return LOCAL.run("p=$(cat /run/" + daemon + ".pid 2>/dev/null | tr -dc 0-9); [ -n \"$p\" ] && "
                + "[ \"$(cat /proc/$p/comm 2>/dev/null)\" = " + Shell.quote(daemon) + " ]").ok();
    }

    /** A fresh name {@code kvmf-test-<what>-<random>}. */
    public static String name(String what) {
        return "kvmf-test-" + what + "-" + Long.toString(RANDOM.nextLong() & 0xffffffffL, 36);
    }

    /** A bridge device name for a test network, short enough for Linux (15 characters). */
    public static String bridgeName() {
        return "kvmfb" + Long.toString(RANDOM.nextLong() & 0xffffffffffL, 36);
    }

    /** A fresh directory {@code /tmp/kvmf-test-*} that QEMU may read (mode 0755). */
    public static Path directory() {
        try {
            return Files.createTempDirectory("kvmf-test-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A blank raw disk image of 16 MiB made by {@code qemu-img create -f raw}. */
    public static Path rawDisk(Path dir, String file) {
        Path p = dir.resolve(file);
        LOCAL.check(Shell.command("qemu-img", "create", "-q", "-f", "raw", p.toString(), "16M"));
        return p;
    }

    /** Removes a test domain however it is: powered off, undefined; its files stay. */
    public static void removeDomain(String name) {
        requireTestName(name);
        String n = Shell.quote(name);
        LOCAL.run("virsh -q -c qemu:///system destroy --domain " + n + " >/dev/null 2>&1; "
                + "virsh -q -c qemu:///system undefine --domain " + n + " --nvram >/dev/null 2>&1; true");
    }

    /** Removes a test network however it is: stopped, undefined. */
    public static void removeNetwork(String name) {
        requireTestName(name);
        String n = Shell.quote(name);
        LOCAL.run("virsh -q -c qemu:///system net-destroy --network " + n + " >/dev/null 2>&1; "
                + "virsh -q -c qemu:///system net-undefine --network " + n + " >/dev/null 2>&1; true");
    }

    /** Removes a test storage pool however it is: stopped, undefined; its directory stays. */
    public static void removePool(String name) {
        requireTestName(name);
        String n = Shell.quote(name);
        LOCAL.run("virsh -q -c qemu:///system pool-destroy --pool " + n + " >/dev/null 2>&1; "
                + "virsh -q -c qemu:///system pool-undefine --pool " + n + " >/dev/null 2>&1; true");
    }

    /** The XML of a {@code dir} storage pool at {@code path}. */
    public static String dirPoolXml(String name, Path path) {
        return "<pool type='dir'>\n  <name>" + name + "</name>\n  <target>\n    <path>" + path + "</path>\n"
                + "  </target>\n</pool>\n";
    }

    /** Deletes a test directory and what is in it. */
    public static void removeDirectory(Path dir) {
        if (dir != null && dir.getFileName().toString().startsWith("kvmf-test-")) {
            LOCAL.run(Shell.command("rm", "-rf", "--", dir.toString()));
        }
    }

    private static void requireTestName(String name) {
        if (!name.startsWith("kvmf-test-")) {
            throw new IllegalArgumentException("tests only remove what they made (kvmf-test-*), not " + name);
        }
    }

    /**
     * The XML of a small domain with one raw disk and no network interface, of the type guests take on this machine:
     * kvm with a usable /dev/kvm, qemu (software emulation) without.
     */
    public static String domainXml(String name, Path disk, int memoryMib) {
        return "<domain type='" + GuestAcceleration.ofThisMachine().domainType() + "'>\n  <name>" + name + "</name>\n"
                + "  <memory unit='MiB'>" + memoryMib + "</memory>\n  <vcpu>1</vcpu>\n"
                + "  <os><type arch='x86_64'>hvm</type><boot dev='hd'/></os>\n"
                + "  <devices>\n    <disk type='file' device='disk'><driver name='qemu' type='raw'/>"
                + "<source file='" + disk + "'/><target dev='vda' bus='virtio'/></disk>\n  </devices>\n</domain>\n";
    }

    /** The XML of an isolated network: a bridge, no {@code <ip>}, no {@code <forward>}. */
    public static String isolatedNetworkXml(String name, String bridge) {
        return "<network>\n  <name>" + name + "</name>\n  <bridge name='" + bridge + "'/>\n</network>\n";
    }
}
