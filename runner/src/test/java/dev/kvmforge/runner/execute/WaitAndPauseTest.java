package dev.kvmforge.runner.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.Status;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wait_for} against a real listening socket on loopback and a file another thread writes, and {@code pause}:
 * what each waits for, the timeout failure as Ansible words it, and bad combinations refused when read.
 */
class WaitAndPauseTest {

    @TempDir
    Path dir;

    PlaybookFixture f;

    @BeforeEach
    void setUp() {
        f = new PlaybookFixture(dir);
    }

    @Test
    void waitsForAPortToOpenAndToCloseAndTimesOutOnAClosedOne() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.22.3"))) {
            port = server.getLocalPort();
            RunResult r = f.run("""
                    - hosts: localhost
                      gather_facts: false
                      tasks:
                        - name: open
                          wait_for:
                            host: 127.0.22.3
                            port: %d
                            timeout: 10
                          register: open
                    """.formatted(port));
            assertEquals(0, r.exitCode(), f.console());
            assertEquals(Status.OK, f.status("open"));
            assertEquals("started", f.result("open").values().get("state"));
            assertEquals(port, f.result("open").values().get("port"));
        }
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: stopped
                      wait_for: host=127.0.22.3 port=%d state=stopped timeout=5
                    - name: never opens
                      wait_for: host=127.0.22.3 port=%d timeout=1 connect_timeout=1
                      ignore_errors: true
                    - name: with msg
                      wait_for: host=127.0.22.3 port=%d timeout=1
                      args:
                        msg: the port stayed closed
                      ignore_errors: true
                """.formatted(port, port, port));
        assertEquals(0, r.exitCode(), f.console());
        assertEquals(Status.OK, f.status("stopped"));
        Event.HostResult never = f.result("never opens");
        assertEquals(Status.FAILED, never.status());
        assertEquals("Timeout when waiting for 127.0.22.3:" + port, never.values().get("msg"));
        assertTrue((Integer) never.values().get("elapsed") >= 1, never.values().toString());
        assertEquals("the port stayed closed", f.result("with msg").values().get("msg"));
    }

    @Test
    void waitsForAFileAndForItsTextToMatchThenForItToGo() throws Exception {
        Path log = dir.resolve("service.log");
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(1200);
                Files.writeString(log, "starting\n");
                Thread.sleep(1200);
                Files.writeString(log, "starting\nready on port 5900\n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: exists
                      wait_for:
                        path: %s
                        timeout: 20
                    - name: ready
                      wait_for:
                        path: %s
                        search_regex: '^ready on port (?P<port>\\d+)$'
                        timeout: 20
                      register: ready
                    - name: remove
                      file:
                        path: %s
                        state: absent
                    - name: gone
                      wait_for:
                        path: %s
                        state: absent
                        timeout: 5
                """.formatted(log, log, log, log));
        writer.join();
        assertEquals(0, r.exitCode(), f.console());
        assertEquals(Status.OK, f.status("exists"));
        Map<String, Object> ready = f.result("ready").values();
        assertEquals(List.of("5900"), ready.get("match_groups"));
        assertEquals(Map.of("port", "5900"), ready.get("match_groupdict"));
        assertEquals(Status.OK, f.status("gone"));
    }

    @Test
    void badCombinationsAreRefusedWhenThePlaybookIsRead() {
        for (String[] c : new String[][] {
                {"port: 22, path: /etc/hosts", "port and path parameter can not both be passed"},
                {"port: 22, state: drained", "state 'drained' (waiting for a port's connections"},
                {"path: /etc/hosts, state: stopped", "state=stopped should only be used for checking a port"},
                {"port: 22, search_regex: SSH", "search_regex on a port"},
                {"port: 22, exclude_hosts: [a]", "module 'wait_for' has no parameter 'exclude_hosts'"}}) {
            KvmforgeException e = assertThrows(KvmforgeException.class, () -> f.run("""
                    - hosts: localhost
                      gather_facts: false
                      tasks:
                        - wait_for: {%s}
                    """.formatted(c[0])), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            assertTrue(e.getMessage().contains("site.yml:"), e.getMessage());
        }
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - pause: seconds=1 minutes=1
                """));
        assertTrue(e.getMessage().contains("a pause is given in one unit"), e.getMessage());
    }

    @Test
    void pauseWaitsOnceForTheBatchAndWithoutATerminalDoesNotWaitForAnAnswer() {
        RunResult r = f.run("""
                - hosts: localhost,127.0.0.1
                  gather_facts: false
                  tasks:
                    - name: one second
                      pause:
                        seconds: 1
                      register: slept
                    - name: question
                      pause:
                        prompt: Continue?
                """);
        assertEquals(0, r.exitCode(), f.console());
        Event.HostResult slept = f.result("one second");
        assertEquals(Status.OK, slept.status());
        assertTrue(String.valueOf(slept.values().get("stdout")).matches("Paused for 1\\.\\d+ seconds"),
                slept.values().toString());
        assertEquals(Status.OK, f.status("question"));
        assertEquals("", f.result("question").values().get("user_input"));
        assertTrue(f.events.stream().anyMatch(e -> e instanceof Event.Warning w
                && w.message().equals("Not waiting for response to prompt as stdin is not interactive")), f.console());
    }
}
