package dev.kvmforge.checks.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.checks.PreparedRoot;
import dev.kvmforge.checks.engine.CheckParameters;
import dev.kvmforge.checks.engine.CheckReportEntry;
import dev.kvmforge.checks.engine.ChecksRun;
import dev.kvmforge.checks.engine.HostChecksEngine;
import dev.kvmforge.checks.engine.HostSelector;
import dev.kvmforge.runner.inventory.InventoryHost;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventType;

/**
 * Spec checks of every resource kind through the engine (EngineTestKit) on the local host, each written once to pass
 * and once to fail, plus a host whose root is a prepared directory; all probes of a host in its one command.
 */
class SpecChecksTest {

    @TempDir
    static Path dir;
    static ServerSocket listening;
    static ChecksRun run;
    static Map<String, String> localEntry;

    @BeforeAll
    static void runTheSpec() throws Exception {
        listening = new ServerSocket();
        listening.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        int port = listening.getLocalPort();
        Path conf = Files.writeString(dir.resolve("libvirtd.conf"), "listen_tcp = 0\nauth_tcp = \"sasl\"\n");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r-----"));
        String me = System.getProperty("user.name");
        Path spec = Files.writeString(dir.resolve("site.yml"), """
                - {id: FILE-PASS, title: conf as expected, severity: high, file: {path: %1$s, type: file, mode: '0640',
                   owner: %2$s, contains: ['listen_tcp = 0'], matches: ['^auth_tcp = "sasl"$']}}
                - {id: FILE-FAIL, title: conf too open, hint: chmod 0600, file: {path: %1$s, mode: '0600', contains: [foo]}}
                - {id: FILE-ABSENT, title: nothing there, file: {path: %3$s, exists: false}}
                - {id: PKG-PASS, title: bash installed, package: {name: bash}}
                - {id: PKG-FAIL, title: not installed, package: {name: kvmforge-no-such-package}}
                - {id: PKG-VERSION, title: old bash, package: {name: bash, version: '0.1*'}}
                - {id: SVC-PASS, title: no such service, service: {name: kvmforge-none, running: false, enabled: false}}
                - {id: SVC-FAIL, title: no such service runs, service: {name: kvmforge-none, running: true}}
                - id: CMD-PASS
                  title: a command's status and output
                  command: {run: 'echo hello; echo oops >&2; exit 3', exit_status: 3, stdout: ['^hello$'], stderr: [oops]}
                - {id: CMD-FAIL, title: wrong output, command: {run: echo hello, stdout: ['^bye$']}}
                - {id: SYSCTL-PASS, title: Linux, sysctl: {name: kernel.ostype, value: Linux}}
                - {id: SYSCTL-FAIL, title: BSD, sysctl: {name: kernel.ostype, value: BSD}}
                - {id: SYSCTL-NONE, title: no such parameter, sysctl: {name: kernel.kvmforge_none, value: 1}}
                - {id: PORT-PASS, title: listening, port: {port: %4$d, address: 127.0.0.1}}
                - {id: PORT-FAIL, title: must not listen, severity: critical, port: {port: %4$d, listening: false}}
                - {id: PORT-OTHER-ADDRESS, title: not on this address, port: {port: %4$d, address: 127.0.0.2}}
                - {id: PROC-PASS, title: java runs, process: {name: java, user: %2$s}}
                - {id: PROC-FAIL, title: no such process, process: {name: kvmforge-none}}
                - {id: USER-PASS, title: root, user: {name: root, groups: [root]}}
                - {id: USER-FAIL, title: root in a group it is not in, user: {name: root, groups: [kvmforge-none]}}
                - {id: GROUP-PASS, title: root group, group: {name: root}}
                - {id: GROUP-FAIL, title: no such group, group: {name: kvmforge-none}}
                """.formatted(conf, me, dir.resolve("nothing"), port));
        PreparedRoot root = PreparedRoot.in(dir.resolve("root"))
                .file("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n")
                .file("/etc/group", "root:x:0:\nalice:x:1000:\nkvm:x:108:alice\n")
                .file("/etc/libvirt/qemu.conf", "user = \"libvirt-qemu\"\n")
                .init("init").process(42, "virtlogd", 0, "/usr/sbin/virtlogd");
        Path rootSpec = Files.writeString(dir.resolve("rooted.yml"), """
                - {id: ROOT-USER, title: alice may use KVM, user: {name: alice, groups: [kvm]}}
                - {id: ROOT-FILE, title: qemu.conf names the user, file: {path: /etc/libvirt/qemu.conf, contains: [libvirt-qemu]}}
                - {id: ROOT-PROC, title: virtlogd runs as root, process: {name: virtlogd, user: root}}
                """);
        InventoryHost local = new InventoryHost("local", Map.of("ansible_connection", "local"), List.of());
        var results = EngineTestKit.engine(HostChecksEngine.ENGINE_ID)
                .selectors(HostSelector.of(local), HostSelector.of(root.host("rooted")))
                .configurationParameters(Map.of(CheckParameters.SPECS, spec + "," + rootSpec,
                        CheckParameters.CHECKS, "FILE-*,PKG-*,SVC-*,CMD-*,SYSCTL-*,PORT-*,PROC-*,USER-*,GROUP-*,ROOT-*"))
                .execute();
        run = new ChecksRun(results);
        localEntry = results.containerEvents().stream()
                .filter(e -> e.getType() == EventType.REPORTING_ENTRY_PUBLISHED
                        && e.getTestDescriptor().getUniqueId().getLastSegment().getValue().equals("local"))
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs()).findFirst().orElseThrow();
    }

    @AfterAll
    static void close() throws Exception {
        listening.close();
    }

    static String message(String host, String id) {
        return run.entry(host, id).get(CheckReportEntry.MESSAGE);
    }

    static void passes(String id, String message) {
        assertEquals("PASS", run.outcome("local", id), id + ": " + run.entry("local", id));
        assertTrue(message(id).contains(message), id + ": " + message(id));
    }

    static void fails(String id, String message) {
        assertEquals("FAIL", run.outcome("local", id), id + ": " + run.entry("local", id));
        assertTrue(message(id).contains(message), id + ": " + message(id));
    }

    static String message(String id) {
        return message("local", id);
    }

    @Test
    void files() {
        passes("FILE-PASS", dir.resolve("libvirtd.conf") + " (file, mode 0640, ");
        fails("FILE-FAIL", "has mode 0640, not 0600, does not contain 'foo'");
        assertEquals("chmod 0600", run.entry("local", "FILE-FAIL").get(CheckReportEntry.HINT));
        passes("FILE-ABSENT", dir.resolve("nothing") + " does not exist");
    }

    @Test
    void packages() {
        passes("PKG-PASS", "bash ");
        fails("PKG-FAIL", "kvmforge-no-such-package is not installed (dpkg)");
        fails("PKG-VERSION", ", not 0.1*");
    }

    @Test
    void services() {
        passes("SVC-PASS", "kvmforge-none is not running");
        assertTrue(message("SVC-PASS").endsWith("kvmforge-none does not start at boot"), message("SVC-PASS"));
        fails("SVC-FAIL", "kvmforge-none is not running: ");
    }

    @Test
    void commands() {
        passes("CMD-PASS", "'echo hello; echo oops >&2; exit 3' exited with status 3, output as expected");
        assertEquals("'echo hello' stdout has no match for '^bye$' (stdout: hello)", message("CMD-FAIL"));
    }

    @Test
    void kernelParameters() {
        assertEquals("kernel.ostype = Linux", message("SYSCTL-PASS"));
        assertEquals("kernel.ostype = Linux, not BSD", message("SYSCTL-FAIL"));
        fails("SYSCTL-NONE", "the kernel has no parameter kernel.kvmforge_none");
    }

    @Test
    void ports() {
        int port = listening.getLocalPort();
        assertEquals("listening: tcp 127.0.0.1:" + port, message("PORT-PASS"));
        assertEquals("tcp 127.0.0.1:" + port + " is listening and should not be", message("PORT-FAIL"));
        assertEquals("critical", run.entry("local", "PORT-FAIL").get(CheckReportEntry.SEVERITY));
        assertEquals("nothing is listening on tcp 127.0.0.2:" + port + " (listening on this port: tcp 127.0.0.1:"
                + port + ")", message("PORT-OTHER-ADDRESS"));
    }

    @Test
    void processesUsersAndGroups() {
        passes("PROC-PASS", "java runs as " + System.getProperty("user.name") + " (pid ");
        fails("PROC-FAIL", "no process kvmforge-none runs");
        passes("USER-PASS", "user root exists (uid 0, groups root");
        assertTrue(message("USER-FAIL").startsWith("user root is not in kvmforge-none (uid 0, groups root"),
                message("USER-FAIL"));
        passes("GROUP-PASS", "group root exists (gid 0");
        fails("GROUP-FAIL", "there is no group kvmforge-none");
    }

    @Test
    void aHostWithARootOfItsOwnIsReadUnderIt() {
        assertEquals("PASS", run.outcome("rooted", "ROOT-USER"), run.entry("rooted", "ROOT-USER").toString());
        assertEquals("user alice exists (uid 1000, groups alice, kvm)", message("rooted", "ROOT-USER"));
        assertEquals("PASS", run.outcome("rooted", "ROOT-FILE"), run.entry("rooted", "ROOT-FILE").toString());
        assertTrue(message("rooted", "ROOT-FILE").startsWith(dir.resolve("root") + "/etc/libvirt/qemu.conf (file"));
        assertEquals("virtlogd runs as root (pid 42)", message("rooted", "ROOT-PROC"));
    }

    @Test
    void everyProbeOfAHostRunsInItsOneCommand() {
        // one per file (content read once for two checks), unit, command and parameter; the process table,
        // sockets, accounts, enabled units and the package database once each however many checks read them
        assertEquals("13", localEntry.get("kvmforge.probes"), localEntry.toString());
    }
}
