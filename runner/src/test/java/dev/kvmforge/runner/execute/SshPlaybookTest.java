package dev.kvmforge.runner.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.PlaybookRun;
import dev.kvmforge.runner.connection.HostKeyPolicy;
import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.Status;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.report.ConsoleMode;
import dev.kvmforge.runner.report.ConsoleReporter;
import dev.kvmforge.runner.report.JUnitXmlReporter;
import dev.kvmforge.runner.report.JsonLinesReporter;
import dev.kvmforge.testkit.LoopbackSshd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Playbooks over SSH to three real OpenSSH servers on loopback addresses, logging in by key and by password, with
 * become through real sudo; every byte of output searched for the passwords.
 */
class SshPlaybookTest {

    private static LoopbackSshd a;
    private static LoopbackSshd b;
    private static LoopbackSshd c;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServers() {
        a = new LoopbackSshd().withAddress("127.0.21.1").start();
        b = new LoopbackSshd().withAddress("127.0.21.2").start();
        c = new LoopbackSshd().withAddress("127.0.21.3").start();
    }

    @AfterAll
    static void stopServers() {
        for (LoopbackSshd s : new LoopbackSshd[] {a, b, c}) {
            if (s != null) {
                s.close();
            }
        }
    }

    private Path knownHosts() throws Exception {
        Path k = dir.resolve("known_hosts");
        Files.write(k, List.of(a.knownHostsLine(), b.knownHostsLine(), c.knownHostsLine()));
        return k;
    }

    private Inventory inventory() {
        return Inventory.parse("""
                [kvm]
                h1 ansible_host=%s ansible_port=%d ansible_user=%s ansible_ssh_private_key_file=%s
                h2 ansible_host=%s ansible_port=%d ansible_user=%s ansible_ssh_private_key_file=%s
                h3 ansible_host=%s ansible_port=%d ansible_user=%s ansible_password='%s'
                [kvm:vars]
                ansible_become_password='%s'
                """.formatted(a.host(), a.port(), a.user(), a.ed25519Key(),
                b.host(), b.port(), b.user(), b.ed25519Key(),
                c.host(), c.port(), c.user(), c.password(), a.password()), "hosts.ini");
    }

    private record Outcome(RunResult result, List<Event> events, String console, String json, String xml) {
        Status status(String task, String host) {
            return events.stream().filter(e -> e instanceof Event.HostResult r && r.task().equals(task)
                    && r.host().equals(host) && r.item() == null).map(e -> ((Event.HostResult) e).status())
                    .findFirst().orElseThrow(() -> new AssertionError(task + " on " + host + " not found: " + events));
        }

        String all() {
            return console + json + xml + events;
        }
    }

    private Outcome run(String playbook, RunOptions options, Inventory inv) throws Exception {
        Path pb = dir.resolve("site.yml");
        Files.writeString(pb, playbook);
        StringWriter console = new StringWriter();
        Path json = dir.resolve("events.jsonl");
        Path xml = dir.resolve("junit.xml");
        List<Event> events = new CopyOnWriteArrayList<>();
        RunResult r = PlaybookRun.of(pb).withInventory(inv).withOptions(options)
                .withListener(events::add)
                .withListener(new ConsoleReporter(new PrintWriter(console, true), 4, ConsoleMode.PLAIN))
                .withListener(new JsonLinesReporter(json))
                .withListener(new JUnitXmlReporter(xml))
                .run();
        return new Outcome(r, events, console.toString(), Files.readString(json), Files.readString(xml));
    }

    @Test
    void becomesRootThroughSudoOnEveryHostAndASecondRunChangesNothing() throws Exception {
        String playbook = """
                - hosts: kvm
                  tasks:
                    - name: who
                      command: id -u
                      become: true
                      register: who
                      changed_when: false
                    - name: root it is
                      assert:
                        that: who.stdout == '0'
                    - name: a file as root
                      copy:
                        content: "managed by kvmforge on {{ inventory_hostname }}\\n"
                        dest: /tmp/kvmforge-ssh-{{ inventory_hostname }}-%s
                        mode: "0640"
                      become: true
                """.formatted(dir.getFileName());
        RunOptions options = RunOptions.defaults().withKnownHosts(knownHosts(), HostKeyPolicy.STRICT).withVerbosity(4);
        Outcome first = run(playbook, options, inventory());
        assertEquals(0, first.result().exitCode(), first.console());
        for (String h : List.of("h1", "h2", "h3")) {
            assertEquals(Status.OK, first.status("root it is", h));
            assertEquals(Status.CHANGED, first.status("a file as root", h));
            assertEquals("root", Files.getOwner(Path.of("/tmp/kvmforge-ssh-" + h + "-" + dir.getFileName())).getName());
        }
        Outcome second = run(playbook, options, inventory());
        assertEquals(0, second.result().changed(), second.console());
        assertFalse(first.all().contains(a.password()), "the sudo password leaked into output");
        assertFalse(first.all().contains(c.password()), "the login password leaked into output");
        for (String h : List.of("h1", "h2", "h3")) {
            Files.deleteIfExists(Path.of("/tmp/kvmforge-ssh-" + h + "-" + dir.getFileName()));
        }
    }

    @Test
    void abortKillsRemoteCommandsAsATimeoutDoesWithAndWithoutBecome() throws Exception {
        Path pb = dir.resolve("slow.yml");
        Files.writeString(pb, """
                - hosts: kvm
                  gather_facts: false
                  tasks:
                    - name: slow
                      command: sleep 417
                """);
        Inventory inv = Inventory.parse("""
                [kvm]
                h1 ansible_host=%s ansible_port=%d ansible_user=%s ansible_ssh_private_key_file=%s
                h2 ansible_host=%s ansible_port=%d ansible_user=%s ansible_ssh_private_key_file=%s ansible_become=true ansible_become_password='%s'
                """.formatted(a.host(), a.port(), a.user(), a.ed25519Key(), b.host(), b.port(), b.user(),
                b.ed25519Key(), a.password()), "hosts.ini");
        List<Event> events = new CopyOnWriteArrayList<>();
        PlaybookRun run = PlaybookRun.of(pb).withInventory(inv).withListener(events::add)
                .withOptions(RunOptions.defaults().withKnownHosts(knownHosts(), HostKeyPolicy.STRICT));
        java.util.concurrent.CompletableFuture<RunResult> result = java.util.concurrent.CompletableFuture.supplyAsync(
                run::run);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        List<ProcessHandle> sleeping = List.of();
        while (sleeping.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            sleeping = ProcessHandle.allProcesses()
                    .filter(p -> p.info().command().orElse("").endsWith("sleep")
                            && List.of("417").equals(p.info().arguments().map(List::of).orElse(List.of()))).toList();
        }
        assertEquals(2, sleeping.size(), "one remote sleep per host: " + events);
        run.abort();
        RunResult r = result.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(RunResult.INTERRUPTED, r.exitCode(), events.toString());
        for (ProcessHandle p : sleeping) {
            p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        for (String h : List.of("h1", "h2")) {
            assertEquals(1, r.hosts().get(h).failed(), r.hosts().toString());
        }
    }

    @Test
    void aWrongBecomePasswordFailsClearlyWithoutShowingIt() throws Exception {
        Inventory inv = Inventory.parse("""
                h1 ansible_host=%s ansible_port=%d ansible_user=%s ansible_ssh_private_key_file=%s ansible_become_password=not-the-password-123
                """.formatted(a.host(), a.port(), a.user(), a.ed25519Key()), "hosts.ini");
        Outcome o = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: as root
                      command: id -u
                      become: true
                """, RunOptions.defaults().withKnownHosts(knownHosts(), HostKeyPolicy.STRICT), inv);
        assertEquals(RunResult.HOST_FAILED, o.result().exitCode());
        assertTrue(o.console().contains("incorrect sudo password"), o.console());
        assertFalse(o.all().contains("not-the-password-123"));
    }

    @Test
    void aChangedHostKeyIsRefusedAndNothingRuns() throws Exception {
        Path known = knownHosts();
        try (LoopbackSshd d = new LoopbackSshd().withAddress("127.0.21.4").start()) {
            Files.writeString(known, d.knownHostsLine() + "\n", java.nio.file.StandardOpenOption.APPEND);
            d.replaceHostKey();
            Path marker = dir.resolve("marker");
            Inventory inv = Inventory.parse("""
                    moved ansible_host=%s ansible_port=%d ansible_user=%s ansible_ssh_private_key_file=%s
                    """.formatted(d.host(), d.port(), d.user(), d.ed25519Key()), "hosts.ini");
            for (HostKeyPolicy policy : HostKeyPolicy.values()) {
                Outcome o = run("""
                        - hosts: all
                          gather_facts: false
                          tasks:
                            - name: touch
                              command: touch %s
                        """.formatted(marker), RunOptions.defaults().withKnownHosts(known, policy), inv);
                assertEquals(RunResult.HOST_UNREACHABLE, o.result().exitCode(), policy + ": " + o.console());
                assertEquals(Status.UNREACHABLE, o.status("touch", "moved"));
                assertTrue(o.console().contains("SHA256:"), o.console());
                assertFalse(Files.exists(marker), "nothing may run on a host whose key changed (" + policy + ")");
            }
        }
    }

    @Test
    void anUnknownHostIsRefusedUnderStrictAndAcceptedOnceUnderAcceptNew() throws Exception {
        Path empty = dir.resolve("empty_known_hosts");
        Files.writeString(empty, "");
        String pb = """
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - name: hello
                      command: echo hi
                """;
        Outcome strict = run(pb, RunOptions.defaults().withKnownHosts(empty, HostKeyPolicy.STRICT), inventory());
        assertEquals(RunResult.HOST_UNREACHABLE, strict.result().exitCode());
        assertTrue(strict.console().contains("accept-new"), strict.console());
        Outcome acceptNew = run(pb, RunOptions.defaults().withKnownHosts(empty, HostKeyPolicy.ACCEPT_NEW), inventory());
        assertEquals(0, acceptNew.result().exitCode(), acceptNew.console());
        Outcome strictAgain = run(pb, RunOptions.defaults().withKnownHosts(empty, HostKeyPolicy.STRICT), inventory());
        assertEquals(0, strictAgain.result().exitCode(), strictAgain.console());
    }
}
