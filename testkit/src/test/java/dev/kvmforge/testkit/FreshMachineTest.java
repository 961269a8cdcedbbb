package dev.kvmforge.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves that {@code scripts/prepare-machine} is all a brand-new Debian 12 machine needs for the daemons the tests
 * start: it runs the checkout's real script (with {@code KVMFORGE_PREPARE_DOCKER=no}) as root in a fresh
 * {@link DebianHost} container from which {@code /run/sshd} has been removed, as on a machine where no start script,
 * systemd or udev ever ran, and then starts there sshd as {@link LoopbackSshd} starts it and virtlogd and libvirtd as
 * the runner's {@code DirectDaemons} starts them, each of which must answer.
 *
 * <p>A used machine hides a missing step (an earlier session made {@code /run/sshd} or installed a package by hand);
 * here a step the script lacks fails on every machine, not only on a new one.
 */
@DisplayName("prepare-machine readies a brand-new Debian 12 machine")
class FreshMachineTest {

    /** The container's own sshd (DebianHost's) listens here; the sshd started as LoopbackSshd does, on .2. */
    private static final String HOST_ADDRESS = "127.0.43.1";
    private static final String SSHD_ADDRESS = "127.0.43.2";
    /** Where the script goes inside the container: it does {@code cd "$(dirname "$0")/.."}. */
    private static final String CHECKOUT = "/opt/kvmforge-checkout";
    private static final String SCRIPT = CHECKOUT + "/scripts/prepare-machine";
    private static final String SSHD_DIR = "/tmp/kvmforge-fresh-sshd";

    @BeforeAll
    static void machine() {
        PrepareDocker.ensure();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    @DisplayName("after prepare-machine, sshd, virtlogd and libvirtd start and answer on a machine where nothing ran")
    void preparedFreshMachineRunsTheTestDaemons() throws Exception {
        Path script = findScript();
        long t0 = System.nanoTime();
        try (DebianHost host = new DebianHost().withAddress(HOST_ADDRESS).start()) {
            long started = System.nanoTime();

            // A machine on which nothing ever ran: no sshd privilege separation directory (the image's entry
            // point made one for its own sshd; that one keeps running but is not used here).
            ok(host, "rm -rf /run/sshd");
            assertEquals(1, host.exec("test", "-e", "/run/sshd").status(), "/run/sshd absent before the script");
            // The image is minimized (dpkg path-exclude=/usr/share/man/*): it has no /usr/share/man/man1, as slim
            // Debian images have none; prepare-machine must cope (openjdk's postinst needs it, Debian #863199)
            assertEquals(1, host.exec("test", "-e", "/usr/share/man/man1").status(), "a minimized Debian");

            // sshd's configuration as LoopbackSshd writes it (its own directory, host key and pidfile), on an
            // address of this test's own and a port free on the machine (the container shares its network)
            int port = freePort(SSHD_ADDRESS);
            ok(host, sshdConfigScript(port));
            DebianHost.Result before = host.exec("/usr/sbin/sshd", "-t", "-f", SSHD_DIR + "/sshd_config");
            assertTrue(before.status() != 0 && before.stderr().contains("privilege separation"),
                    "without /run/sshd, sshd -t refuses as on a new machine: " + before);

            // the checkout's real script, where it expects its checkout around it
            String text = Base64.getEncoder().encodeToString(Files.readAllBytes(script));
            ok(host, "sh", "-c", "mkdir -p \"$(dirname \"$2\")\" && printf %s \"$1\" | base64 -d > \"$2\""
                    + " && chmod 0755 \"$2\"", "sh", text, SCRIPT);
            DebianHost.Result prepared = host.exec("timeout", "1500", "env", "KVMFORGE_PREPARE_DOCKER=no", SCRIPT);
            long preparedAt = System.nanoTime();
            assertEquals(0, prepared.status(), "prepare-machine on a fresh machine:\n" + prepared.stdout()
                    + prepared.stderr());

            // a second run: idempotent, and fast when all is there
            DebianHost.Result again = host.exec("timeout", "300", "env", "KVMFORGE_PREPARE_DOCKER=no", SCRIPT);
            long againAt = System.nanoTime();
            assertEquals(0, again.status(), "prepare-machine run again:\n" + again.stdout() + again.stderr());
            assertFalse(again.stderr().contains("installing"), "nothing left to install: " + again.stderr());

            // step 2: what start scripts and udev would have made
            DebianHost.Result privsep = host.exec("stat", "-c", "%U:%G %a %F", "/run/sshd");
            assertEquals("root:root 755 directory", privsep.stdout().strip(), "/run/sshd made: " + privsep);
            if (host.hasKvm()) {
                DebianHost.Result kvm = host.exec("stat", "-c", "%G %a", "/dev/kvm");
                assertEquals("kvm 660", kvm.stdout().strip(), "/dev/kvm as udev's rule makes it: " + kvm);
            }

            checkSshd(host, port);
            long sshdAt = System.nanoTime();
            checkLibvirt(host);
            long libvirtAt = System.nanoTime();

            System.out.printf("FreshMachineTest: container %d ms, prepare-machine %d ms (again %d ms), sshd %d ms,"
                            + " virtlogd+libvirtd %d ms%n", ms(started - t0), ms(preparedAt - started),
                    ms(againAt - preparedAt), ms(sshdAt - againAt), ms(libvirtAt - sshdAt));
        }
    }

    /** sshd as LoopbackSshd starts it: {@code sshd -t -f CONFIG}, then {@code sshd -D -e -f CONFIG}; it greets. */
    private static void checkSshd(DebianHost host, int port) throws Exception {
        DebianHost.Result test = host.exec("/usr/sbin/sshd", "-t", "-f", SSHD_DIR + "/sshd_config");
        assertEquals(0, test.status(), "sshd -t after prepare-machine: " + test);
        DebianHost.Result launched = host.exec("sh", "-c", "cd / && /usr/sbin/sshd -D -e -f " + SSHD_DIR
                + "/sshd_config </dev/null >" + SSHD_DIR + "/sshd.log 2>&1 & echo $!");
        assertEquals(0, launched.status(), launched.toString());
        String pid = launched.stdout().strip();
        try {
            String banner = banner(SSHD_ADDRESS, port);
            assertTrue(banner.startsWith("SSH-2.0-OpenSSH"), "sshd on " + SSHD_ADDRESS + ":" + port + " greets: '"
                    + banner + "'\nsshd log:\n" + host.exec("cat", SSHD_DIR + "/sshd.log").stdout());
        } finally {
            stop(host, "sshd", pid);
        }
    }

    /** virtlogd and libvirtd as DirectDaemons starts them without an init; the daemon answers; default stays off. */
    private static void checkLibvirt(DebianHost host) {
        try {
            ok(host, "cd / && /usr/sbin/virtlogd -d </dev/null");
            ok(host, "for i in $(seq 1 100); do [ -e /run/libvirt/virtlogd-sock ] && exit 0; sleep 0.1; done;"
                    + " echo 'virtlogd not serving after 10 s' >&2; exit 1");
            ok(host, "cd / && /usr/sbin/libvirtd -d </dev/null");
            ok(host, "for i in $(seq 1 100); do [ -e /run/libvirt/libvirt-sock ] && exit 0; sleep 0.1; done;"
                    + " echo 'libvirtd not serving after 10 s' >&2; tail -20 /var/log/libvirt/libvirtd.log >&2;"
                    + " exit 1");

            DebianHost.Result version = host.exec("virsh", "-c", "qemu:///system", "version", "--daemon");
            assertEquals(0, version.status(), "virsh version --daemon: " + version);
            assertTrue(version.stdout().contains("Running against daemon"), version.stdout());

            // the network rule: the default NAT network is defined by the package, but never starts
            assertEquals(1, host.exec("test", "-e", "/etc/libvirt/qemu/networks/autostart/default.xml").status(),
                    "no autostart link for libvirt's default network");
            DebianHost.Result all = host.exec("virsh", "-c", "qemu:///system", "net-list", "--all", "--name");
            assertEquals(0, all.status(), all.toString());
            assertTrue(all.stdout().lines().map(String::strip).toList().contains("default"),
                    "default network defined: " + all.stdout());
            DebianHost.Result active = host.exec("virsh", "-c", "qemu:///system", "net-list", "--name");
            assertEquals(0, active.status(), active.toString());
            assertFalse(active.stdout().lines().map(String::strip).toList().contains("default"),
                    "default network not active: " + active.stdout());
            DebianHost.Result info = host.exec("virsh", "-c", "qemu:///system", "net-info", "default");
            assertTrue(info.stdout().matches("(?s).*Active:\\s+no.*") && info.stdout().matches("(?s).*Autostart:\\s+no.*"),
                    "default network inactive, not autostarted: " + info);
        } finally {
            for (String daemon : List.of("libvirtd", "virtlogd")) {
                String pid = host.exec("sh", "-c", "cat /run/" + daemon + ".pid 2>/dev/null").stdout().strip();
                if (!pid.isEmpty()) {
                    stop(host, daemon, pid);
                }
            }
        }
    }

    /** A minimal sshd_config like LoopbackSshd's, with a fresh host key, in {@value #SSHD_DIR}. */
    private static String sshdConfigScript(int port) {
        String config = String.join("\n",
                "# written by kvmforge's FreshMachineTest, as LoopbackSshd writes its own",
                "ListenAddress " + SSHD_ADDRESS,
                "Port " + port,
                "HostKey " + SSHD_DIR + "/ssh_host_ed25519_key",
                "PidFile " + SSHD_DIR + "/sshd.pid",
                "StrictModes no",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM yes",
                "PermitRootLogin no",
                "UseDNS no",
                "PrintMotd no",
                "");
        return "set -e; rm -rf " + SSHD_DIR + "; install -d -m 0755 " + SSHD_DIR + "; ssh-keygen -q -t ed25519 -N ''"
                + " -C kvmforge-fresh-host -f " + SSHD_DIR + "/ssh_host_ed25519_key; printf %s "
                + Ssh.quote(config) + " > " + SSHD_DIR + "/sshd_config";
    }

    /** The checkout's {@code scripts/prepare-machine}: next to the testkit module folder, the working directory. */
    private static Path findScript() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("scripts/prepare-machine");
            if (Files.isRegularFile(candidate) && Files.isDirectory(dir.resolve("testkit"))) {
                return candidate;
            }
        }
        return fail("scripts/prepare-machine not found in " + start + " or any folder above it: FreshMachineTest"
                + " runs the checkout's own script and needs the checkout");
    }

    /** The first line the server sends, waiting up to 10 s for it to listen. */
    private static String banner(String address, int port) throws InterruptedException {
        IOException last = null;
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 1000);
                s.setSoTimeout(5000);
                InputStream in = s.getInputStream();
                StringBuilder line = new StringBuilder();
                for (int c; (c = in.read()) != -1 && c != '\n' && line.length() < 255; ) {
                    line.append((char) c);
                }
                return line.toString().strip();
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        return "(no answer: " + last + ")";
    }

    /** SIGTERM, then waits up to 10 s for the process to be gone. */
    private static void stop(DebianHost host, String name, String pid) {
        DebianHost.Result r = host.exec("sh", "-c", "kill -TERM " + pid + " 2>/dev/null; for i in $(seq 1 100); do"
                + " { [ -d /proc/" + pid + " ] && ! grep -q '^State:[[:space:]]*Z' /proc/" + pid + "/status; }"
                + " || exit 0; sleep 0.1; done; exit 1");
        assertEquals(0, r.status(), name + " (pid " + pid + ") stopped within 10 s of SIGTERM");
    }

    private static void ok(DebianHost host, String shellCommand) {
        ok(host, "sh", "-c", shellCommand);
    }

    private static void ok(DebianHost host, String... command) {
        DebianHost.Result r = host.exec(command);
        assertEquals(0, r.status(), String.join(" ", command) + ":\n" + r.stdout() + r.stderr());
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(address, 0));
            return probe.getLocalPort();
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
