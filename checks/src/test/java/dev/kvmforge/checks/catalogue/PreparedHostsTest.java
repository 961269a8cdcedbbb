package dev.kvmforge.checks.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.checks.PreparedRoot;
import dev.kvmforge.checks.VerificationResult;
import dev.kvmforge.checks.VerificationRun;
import dev.kvmforge.checks.model.CheckResult;
import dev.kvmforge.checks.model.Outcome;
import dev.kvmforge.runner.inventory.Inventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration-reading checks against hosts prepared to fail on purpose (and one prepared to pass), each a local
 * host whose {@code kvmforge_root} is a temporary directory: the real {@code /etc} is never touched. Each bad setting
 * must FAIL with its check's id, the file and line, and the hint.
 */
class PreparedHostsTest {

    @TempDir
    static Path dir;
    static VerificationResult result;
    static Path bad;

    @BeforeAll
    static void checkThePreparedHosts() {
        PreparedRoot good = PreparedRoot.in(dir.resolve("good"))
                .libvirtdConf("# as packaged\n#listen_tcp = 1\n#auth_tcp = \"sasl\"\n")
                .qemuConf("#user = \"root\"\n#security_driver = \"selinux\"\ndynamic_ownership = 1\n")
                .imagesDirectory("rwx--x--x").image("web.qcow2", "rw-------")
                .init("systemd").process(300, "virtlogd", 0, "/usr/sbin/virtlogd")
                .process(301, "libvirtd", 0, "/usr/sbin/libvirtd", "--timeout", "120")
                .process(400, "qemu-system-x86", 64055, "/usr/bin/qemu-system-x86_64", "-name",
                        "guest=web,debug-threads=on")
                .enabled("multi-user.target.wants", "libvirtd.service")
                .enabled("sockets.target.wants", "virtlogd.socket");
        PreparedRoot badRoot = PreparedRoot.in(dir.resolve("bad"))
                .libvirtdConf("# copied from a tutorial\nlisten_tcp = 1\nauth_tcp = \"none\"\n")
                .qemuConf("user = \"root\"\ngroup = \"root\"\nsecurity_driver = \"none\"\n")
                .imagesDirectory("rwxr-xr-x").image("db.qcow2", "rw-r--r--")
                .init("init").process(500, "qemu-system-x86", 0, "/usr/bin/qemu-system-x86_64", "-name", "guest=db");
        PreparedRoot socket = PreparedRoot.in(dir.resolve("socket"))
                .libvirtdConf("auth_tcp = 'none'\n")
                .enabled("sockets.target.wants", "libvirtd-tcp.socket");
        bad = badRoot.path();
        result = VerificationRun.of(Inventory.of(List.of(good.host("good"), badRoot.host("bad"), socket.host("socket"))))
                .withChecks("LV-*", "QEMU-*").run();
        assertTrue(result.hostProblems().isEmpty(), result.hostProblems().toString());
        assertTrue(result.runProblems().isEmpty(), result.runProblems().toString());
    }

    static CheckResult on(String host, String id) {
        return result.result(host, id).orElseThrow(() -> new AssertionError("no " + id + " on " + host));
    }

    static void assertFails(CheckResult r, String message, String hint) {
        assertEquals(Outcome.FAIL, r.outcome(), r.toString());
        assertTrue(r.message().startsWith(message), "message: " + r.message());
        assertTrue(r.hint().startsWith(hint), "hint: " + r.hint());
    }

    @Test
    void tcpWithoutAuthentication() {
        assertFails(on("bad", "LV-TCP-NOAUTH"), bad + "/etc/libvirt/libvirtd.conf:2 listen_tcp = 1 with " + bad
                + "/etc/libvirt/libvirtd.conf:3 auth_tcp = \"none\": anyone who reaches TCP port 16509 controls"
                + " libvirtd without a password", "set auth_tcp = \"sasl\"");
        assertFails(on("socket", "LV-TCP-NOAUTH"), "libvirtd-tcp.socket enabled with " + dir.resolve("socket")
                + "/etc/libvirt/libvirtd.conf:1 auth_tcp = \"none\"", "set auth_tcp = \"sasl\"");
        CheckResult good = on("good", "LV-TCP-NOAUTH");
        assertEquals(Outcome.PASS, good.outcome(), good.toString());
        assertEquals("no TCP listener: libvirtd: listen_tcp = 0 (default), auth_tcp = \"sasl\" (default),"
                + " libvirtd-tcp.socket not enabled", good.message());
    }

    @Test
    void securityDriverNone() {
        assertFails(on("bad", "QEMU-SEC-DRIVER"), bad + "/etc/libvirt/qemu.conf:3 security_driver = \"none\": QEMU"
                + " guests run without sVirt confinement", "remove security_driver from qemu.conf");
        CheckResult good = on("good", "QEMU-SEC-DRIVER");
        boolean lsm = Files.exists(Path.of("/sys/fs/selinux")) || readsY("/sys/module/apparmor/parameters/enabled");
        assertEquals(lsm ? Outcome.PASS : Outcome.WARN, good.outcome(), good.toString());
    }

    @Test
    void qemuAsRoot() {
        assertFails(on("bad", "QEMU-NONROOT"), bad + "/etc/libvirt/qemu.conf:1 user = \"root\": libvirt runs every"
                + " QEMU guest as root", "remove user (and group) from qemu.conf");
        CheckResult good = on("good", "QEMU-NONROOT");
        assertEquals(Outcome.PASS, good.outcome(), good.toString());
        assertTrue(good.message().endsWith("; 1 libvirt guests run as uid 64055"), good.message());
    }

    @Test
    void aGuestRunningAsRootFailsEvenWhenTheConfigIsFine() throws Exception {
        PreparedRoot r = PreparedRoot.in(dir.resolve("running")).qemuConf("user = \"libvirt-qemu\"\n").init("init")
                .process(77, "qemu-system-x86", 0, "qemu-system-x86_64", "-name", "guest=old,debug-threads=on")
                .process(78, "qemu-system-x86", 0, "qemu-system-x86_64", "-accel", "kvm");
        CheckResult c = VerificationRun.of(Inventory.of(List.of(r.host("running")))).withChecks("QEMU-NONROOT").run()
                .result("running", "QEMU-NONROOT").orElseThrow();
        assertFails(c, "1 libvirt guest runs as root: qemu-system-x86 (pid 77, root); " + r.path()
                + "/etc/libvirt/qemu.conf:1 user = \"libvirt-qemu\"", "remove user");
    }

    @Test
    void worldReadableImages() {
        assertFails(on("bad", "LV-IMAGE-PERMS"), bad + "/var/lib/libvirt/images (0755 root:root) can be listed by"
                + " others (libvirt's default is 0711); 1 image is readable or writable by others: " + bad
                + "/var/lib/libvirt/images/db.qcow2 (0644 root:root)", "chmod 0711 /var/lib/libvirt/images");
        assertEquals(Outcome.PASS, on("good", "LV-IMAGE-PERMS").outcome());
    }

    @Test
    void daemonsNotRunning() {
        assertFails(on("bad", "LV-DAEMONS"), "neither libvirtd nor virtqemud is running; virtlogd is not running"
                + " (QEMU guests cannot start without it); enabled at boot: none of libvirtd, virtqemud, virtlogd",
                "PID 1 is init, not systemd, so nothing starts them: run virtlogd -d, then libvirtd -d");
        CheckResult good = on("good", "LV-DAEMONS");
        assertEquals(Outcome.PASS, good.outcome(), good.toString());
        assertEquals("libvirtd (pid 301) and virtlogd (pid 300) run; enabled at boot: libvirtd.service,"
                + " virtlogd.socket", good.message());
    }

    @Test
    void aRootWithoutLibvirtSkipsWhatDoesNotApply() {
        List<CheckResult> socketHost = result.results().stream().filter(r -> r.host().equals("socket")).toList();
        assertEquals(Outcome.SKIP, on("socket", "LV-IMAGE-PERMS").outcome());
        assertEquals(Outcome.SKIP, on("socket", "QEMU-SEC-DRIVER").outcome());
        assertEquals(Outcome.SKIP, on("socket", "QEMU-NONROOT").outcome());
        assertEquals(Outcome.FAIL, on("socket", "LV-DAEMONS").outcome());
        assertTrue(on("socket", "LV-DAEMONS").message().contains("no process table under " + dir.resolve("socket")),
                on("socket", "LV-DAEMONS").message());
        assertEquals(5, socketHost.size());
    }

    private static boolean readsY(String file) {
        try {
            return Files.readString(Path.of(file)).strip().equals("Y");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
