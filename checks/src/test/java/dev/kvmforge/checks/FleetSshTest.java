package dev.kvmforge.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.checks.model.CheckResult;
import dev.kvmforge.checks.model.Outcome;
import dev.kvmforge.checks.model.Severity;
import dev.kvmforge.checks.report.ConsoleReport;
import dev.kvmforge.checks.report.JUnitXmlReport;
import dev.kvmforge.checks.report.JsonReport;
import dev.kvmforge.checks.report.PrometheusReport;
import dev.kvmforge.checks.report.Xml;
import dev.kvmforge.runner.connection.HostKeyPolicy;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.report.ConsoleMode;
import dev.kvmforge.testkit.LoopbackSshd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * A fleet over SSH: two real OpenSSH servers on loopback addresses (one logged into by key, one by password) and a
 * third host whose port is closed. The closed host's checks are errors, the others run; built-in, spec and Java
 * checks all reach the hosts through the one SSH session per host; no report shows a password.
 */
class FleetSshTest {

    static LoopbackSshd kvm1;
    static LoopbackSshd kvm2;
    static int closedPort;

    @TempDir
    static Path dir;
    static VerificationResult result;
    static String console;

    @BeforeAll
    static void checkTheFleet() throws Exception {
        kvm1 = new LoopbackSshd().withAddress("127.0.31.1").withLogLevel("INFO").start();
        kvm2 = new LoopbackSshd().withAddress("127.0.31.2").withLogLevel("INFO").start();
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.31.3", 0));
            closedPort = s.getLocalPort();
        }
        Path knownHosts = dir.resolve("known_hosts");
        Files.write(knownHosts, List.of(kvm1.knownHostsLine(), kvm2.knownHostsLine()));
        Inventory inventory = Inventory.parse("""
                [hypervisors]
                kvm1 ansible_host=%s ansible_port=%d ansible_user=%s ansible_ssh_private_key_file=%s
                kvm2 ansible_host=%s ansible_port=%d ansible_user=%s ansible_password='%s'
                kvm3 ansible_host=127.0.31.3 ansible_port=%d ansible_user=%s ansible_password='%s'
                [hypervisors:vars]
                ansible_become_password='%s'
                """.formatted(kvm1.host(), kvm1.port(), kvm1.user(), kvm1.ed25519Key(),
                kvm2.host(), kvm2.port(), kvm2.user(), kvm2.password(),
                closedPort, kvm2.user(), kvm2.password(), kvm1.password()), "hosts.ini");
        Path spec = Files.writeString(dir.resolve("fleet.yml"), """
                - id: FLEET-LOGIN
                  title: the checks log in as the operator's user
                  severity: high
                  command: {run: id -un, stdout: ['^%1$s$']}
                - id: FLEET-USER
                  title: the operator's user exists
                  user: {name: %1$s}
                - id: FLEET-SSHD
                  title: sshd runs
                  process: {name: sshd}
                """.formatted(kvm1.user()));
        StringWriter out = new StringWriter();
        result = VerificationRun.of(inventory)
                .withChecks("HV-DEV-TUN", "FLEET-*", "SITE-KERNEL")
                .withSpecs(spec)
                .withCheckClasses(dev.kvmforge.checks.annotated.SiteChecks.class)
                .withKnownHosts(knownHosts, HostKeyPolicy.STRICT)
                .withListener(new ConsoleReport(new PrintWriter(out), ConsoleMode.PLAIN, false, 1))
                .withListener(new JUnitXmlReport(dir.resolve("junit.xml")))
                .withListener(new JsonReport(dir.resolve("verify.json")))
                .withListener(new PrometheusReport(dir.resolve("kvmforge.prom")))
                .run();
        console = out.toString();
    }

    @AfterAll
    static void stopServers() {
        for (LoopbackSshd s : new LoopbackSshd[] {kvm1, kvm2}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void theReachableHostsAreCheckedOverSsh() {
        for (String host : List.of("kvm1", "kvm2")) {
            for (String id : List.of("FLEET-LOGIN", "FLEET-USER", "FLEET-SSHD", "SITE-KERNEL")) {
                CheckResult r = result.result(host, id).orElseThrow(() -> new AssertionError(id + " on " + host));
                assertEquals(Outcome.PASS, r.outcome(), r + "\n" + console);
            }
            assertTrue(result.result(host, "HV-DEV-TUN").isPresent());
        }
        assertTrue(console.contains("kvm1 (ssh://" + kvm1.user() + "@127.0.31.1:" + kvm1.port()), console);
    }

    /** The login started while the checks were discovered is the one the checks run on: one login per host. */
    @Test
    void eachHostIsLoggedIntoOnce() throws Exception {
        assertEquals(1, Files.readAllLines(kvm1.logFile()).stream().filter(l -> l.contains("Accepted publickey")).count());
        assertEquals(1, Files.readAllLines(kvm2.logFile()).stream().filter(l -> l.contains("Accepted password")).count());
    }

    @Test
    void theClosedHostErrorsAndTheRunSaysUnreachable() {
        assertEquals(List.of("kvm3"), result.hostProblems().stream().map(VerificationResult.HostProblem::host).toList());
        List<CheckResult> kvm3 = result.results().stream().filter(r -> r.host().equals("kvm3")).toList();
        assertEquals(5, kvm3.size());
        assertTrue(kvm3.stream().allMatch(r -> r.outcome() == Outcome.ERROR
                && r.message().startsWith("not checked: cannot connect to 127.0.31.3:" + closedPort)), kvm3.toString());
        assertEquals(VerificationResult.HOST_UNREACHABLE, result.exitCode(Severity.INFO));
        assertTrue(console.contains("kvm3 UNREACHABLE: cannot connect to 127.0.31.3:" + closedPort), console);
    }

    @Test
    void theJUnitXmlHasTheRightTestcases() throws Exception {
        Xml xml = Xml.read(dir.resolve("junit.xml"));
        assertEquals(List.of("kvm1", "kvm2", "kvm3"), xml.all("testsuite").stream().map(e -> e.getAttribute("name"))
                .toList());
        for (String host : List.of("kvm1", "kvm2")) {
            for (String[] c : new String[][] {{"fleet", "FLEET-LOGIN: the checks log in as the operator's user"},
                    {"fleet", "FLEET-USER: the operator's user exists"}, {"fleet", "FLEET-SSHD: sshd runs"},
                    {"site", "SITE-KERNEL: The kernel is Linux"}}) {
                Element tc = xml.testcase(host + "." + c[0], c[1]);
                assertTrue(Xml.child(tc, "failure") == null && Xml.child(tc, "error") == null, host + " " + c[1]);
            }
            xml.testcase(host + ".hypervisor", "HV-DEV-TUN: /dev/net/tun exists");
        }
        List<String> kvm3 = xml.cases().stream().filter(c -> c.startsWith("kvm3.")).toList();
        assertEquals(5, kvm3.size(), kvm3.toString());
        assertTrue(kvm3.stream().allMatch(c -> c.endsWith(" | error")), kvm3.toString());
        Element suite = xml.all("testsuite").get(2);
        assertEquals("5", suite.getAttribute("errors"));
    }

    @Test
    void noPasswordInAnyReport() throws Exception {
        String all = console + Files.readString(dir.resolve("junit.xml")) + Files.readString(dir.resolve("verify.json"))
                + Files.readString(dir.resolve("kvmforge.prom")) + result;
        assertFalse(all.contains(kvm2.password()), "the login password leaked");
        assertFalse(all.contains(kvm1.password()), "the become password leaked");
    }
}
