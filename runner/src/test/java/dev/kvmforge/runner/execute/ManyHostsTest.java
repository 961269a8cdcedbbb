package dev.kvmforge.runner.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.Status;
import dev.kvmforge.runner.inventory.Inventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several inventory hosts (all reached locally here), one of them unreachable: strategies, serial, limit. */
class ManyHostsTest {

    @TempDir
    Path dir;

    PlaybookFixture f;
    Inventory inventory;

    @BeforeEach
    void setUp() {
        f = new PlaybookFixture(dir);
        inventory = Inventory.parse("""
                [web]
                w1 ansible_connection=local
                w2 ansible_connection=local
                w3 ansible_connection=local
                [db]
                d1 ansible_connection=local
                [gone]
                g1 ansible_host=127.0.0.1 ansible_port=1 ansible_user=nobody
                """, "hosts.ini");
    }

    private List<Event.HostResult> resultsInOrder() {
        return f.events.stream().filter(e -> e instanceof Event.HostResult).map(e -> (Event.HostResult) e).toList();
    }

    @Test
    void anUnreachableHostLeavesThePlayAndTheOthersGoOn() {
        RunResult r = f.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: first
                      command: "true"
                    - name: second
                      command: "true"
                """, RunOptions.defaults(), inventory);
        assertEquals(RunResult.HOST_UNREACHABLE, r.exitCode());
        List<Event.HostResult> first = f.results("first");
        assertEquals(5, first.size());
        assertEquals(Status.UNREACHABLE, first.stream().filter(x -> x.host().equals("g1")).findFirst().orElseThrow().status());
        assertEquals(4, f.results("second").size());
        assertEquals(1, r.hosts().get("g1").unreachable());
        assertEquals(2, r.hosts().get("w1").changed());
    }

    @Test
    void limitAndPatterns() {
        f.run("""
                - hosts: web:db
                  gather_facts: false
                  tasks:
                    - name: t
                      command: "true"
                """, RunOptions.defaults().withLimit("all:!w2"), inventory);
        assertEquals(List.of("d1", "w1", "w3"), f.results("t").stream().map(Event.HostResult::host).sorted().toList());
    }

    @Test
    void linearStrategyFinishesATaskOnAllHostsBeforeTheNext() {
        f.run("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - name: a
                      shell: sleep 0.{{ 3 - (inventory_hostname[1] | int) }}
                    - name: b
                      command: "true"
                """, RunOptions.defaults(), inventory);
        List<String> order = resultsInOrder().stream().map(Event.HostResult::task).toList();
        assertEquals(List.of("a", "a", "a", "b", "b", "b"), order);
    }

    @Test
    void freeStrategyLetsFastHostsRunAhead() {
        f.run("""
                - hosts: web
                  gather_facts: false
                  strategy: free
                  tasks:
                    - name: a
                      shell: "[ {{ inventory_hostname }} != w1 ] || sleep 1"
                    - name: b
                      command: "true"
                """, RunOptions.defaults(), inventory);
        List<String> order = resultsInOrder().stream().map(r -> r.task() + r.host()).toList();
        assertTrue(order.indexOf("bw2") < order.indexOf("aw1"), order.toString());
        assertTrue(order.indexOf("bw3") < order.indexOf("aw1"), order.toString());
        // w1's late result for a is printed under a TASK [a] banner printed again, not under TASK [b]
        assertEquals(sorted(f.resultsByTaskAndHost()), sorted(f.consoleResultsUnderBanners()), f.console());
        // banners come with results in a free play: a again for w1, none without a result under it
        assertTrue(count(f.console(), "TASK [a] *") >= 2, f.console());
        assertFalse(java.util.regex.Pattern.compile("TASK \\[[^\n]*\\*\n\nTASK \\[").matcher(f.console()).find(),
                f.console());
        String stars = "*".repeat(71);
        assertTrue(f.console().contains("\nTASK [a] " + stars + "\nchanged: [w1]\n\nTASK [b] " + stars
                + "\nchanged: [w1]\n\nPLAY RECAP "), f.console());
    }

    @Test
    void serialRunsThePlayInBatches() throws Exception {
        Path log = dir.resolve("serial.log");
        f.run("""
                - hosts: web
                  gather_facts: false
                  serial: [1, 2]
                  tasks:
                    - name: a
                      shell: echo a {{ inventory_hostname }} >> %s
                    - name: b
                      shell: echo b {{ inventory_hostname }} >> %s
                """.formatted(log, log), RunOptions.defaults(), inventory);
        List<String> lines = Files.readAllLines(log);
        assertEquals(List.of("a w1", "b w1"), lines.subList(0, 2));
        assertEquals(6, lines.size());
        assertTrue(lines.subList(2, 4).stream().allMatch(l -> l.startsWith("a ")), lines.toString());
        // as ansible-playbook: every batch is the play again, with PLAY and TASK banners of its own
        String console = f.console();
        assertEquals(2, count(console, "PLAY [web] *"), console);
        assertEquals(2, count(console, "TASK [a] *"), console);
        assertEquals(2, count(console, "TASK [b] *"), console);
        String stars = "*".repeat(71);
        assertTrue(console.startsWith("\nPLAY [web] " + "*".repeat(69) + "\n\nTASK [a] " + stars
                + "\nchanged: [w1]\n\nTASK [b] " + stars + "\nchanged: [w1]\n\nPLAY [web] "), console);
        assertEquals(sorted(f.resultsByTaskAndHost()), sorted(f.consoleResultsUnderBanners()), console);
        List<Event.PlayStarted> plays = f.events.stream().filter(e -> e instanceof Event.PlayStarted)
                .map(e -> (Event.PlayStarted) e).toList();
        assertEquals(List.of(List.of("w1"), List.of("w2", "w3")), plays.stream().map(Event.PlayStarted::hosts).toList());
    }

    @Test
    void runOnceRunsOnTheFirstHostOfTheBatchAndGivesItsResultToAll() {
        RunResult r = f.run("""
                - hosts: web
                  gather_facts: false
                  serial: 2
                  tasks:
                    - name: once
                      command: echo {{ inventory_hostname }}
                      run_once: true
                      register: once
                      notify: h
                    - name: fact once
                      set_fact:
                        picked: "{{ inventory_hostname }}"
                      run_once: true
                    - name: skipped once
                      command: "true"
                      run_once: true
                      when: inventory_hostname == 'nobody'
                      register: skipped
                    - name: show
                      debug:
                        msg: "{{ once.stdout }} {{ picked }} {{ skipped.skipped }}"
                  handlers:
                    - name: h
                      command: "true"
                """, RunOptions.defaults(), inventory);
        assertEquals(0, r.exitCode(), f.events.toString());
        assertEquals(List.of("w1", "w3"), f.results("once").stream().map(Event.HostResult::host).toList());
        assertEquals(List.of("w1", "w3"), f.results("skipped once").stream().map(Event.HostResult::host).toList());
        assertEquals(List.of("w1 w1 True", "w1 w1 True", "w3 w3 True"), f.results("show").stream()
                .sorted(java.util.Comparator.comparing(Event.HostResult::host))
                .map(x -> String.valueOf(x.values().get("msg"))).toList());
        // counted and notified on the host that ran it, as ansible-playbook does
        assertEquals(List.of("w1", "w3"), f.results("h").stream().map(Event.HostResult::host).toList());
        assertEquals(1, r.hosts().get("w1").changed() - 1, r.hosts().toString());
        assertEquals(0, r.hosts().get("w2").changed(), r.hosts().toString());
        assertEquals(1, r.hosts().get("w2").ok(), r.hosts().toString());
        assertEquals(1, count(f.console(), "changed: [w1]\n\nTASK [fact once]"), f.console());
    }

    @Test
    void aFailedRunOnceTaskEndsThePlayForTheWholeBatch() {
        RunResult r = f.run("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - name: once
                      command: "false"
                      run_once: true
                    - name: after
                      command: "true"
                """, RunOptions.defaults(), inventory);
        assertEquals(RunResult.HOST_FAILED, r.exitCode());
        assertEquals(1, f.results("once").size());
        assertTrue(f.results("after").isEmpty(), f.events.toString());
        assertEquals(1, r.hosts().get("w1").failed());
        assertEquals(0, r.hosts().get("w2").failed());
    }

    @Test
    void runOnceInAFreePlayWarnsAndRunsEverywhere() {
        f.run("""
                - hosts: web
                  gather_facts: false
                  strategy: free
                  tasks:
                    - name: once
                      command: "true"
                      run_once: true
                """, RunOptions.defaults(), inventory);
        assertEquals(3, f.results("once").size());
        assertEquals(1, f.events.stream().filter(e -> e instanceof Event.Warning w
                && w.message().startsWith("Using run_once with the free strategy is not currently supported.")).count());
    }

    @Test
    void metaTasksHonourWhen() {
        RunResult r = f.run("""
                - hosts: w1,w2
                  gather_facts: false
                  tasks:
                    - name: change
                      command: "true"
                      notify: h
                    - meta: flush_handlers
                      when: inventory_hostname == 'w2'
                    - meta: end_play
                      when: inventory_hostname == 'w2'
                    - name: still here
                      command: "true"
                    - meta: end_play
                      when: inventory_hostname == 'w1'
                    - name: gone
                      command: "true"
                  handlers:
                    - name: h
                      command: "true"
                """, RunOptions.defaults(), inventory);
        assertEquals(0, r.exitCode(), f.events.toString());
        List<String> order = f.resultsByTaskAndHost();
        // w2's handler ran at the flush; w1's never, since end_play ends handlers too (as ansible-playbook 2.14)
        assertTrue(order.contains("h w2") && order.indexOf("h w2") < order.indexOf("still here w2"), order.toString());
        assertFalse(order.contains("h w1"), order.toString());
        assertEquals(2, f.results("still here").size(), order.toString());
        assertTrue(f.results("gone").isEmpty(), order.toString());
    }

    @Test
    void aLaterPlaysConnectionKeywordReachesTheHostAnotherWay() {
        Inventory oneHost = Inventory.parse("""
                h1 ansible_connection=local ansible_host=127.0.0.1 ansible_port=1 ansible_user=nobody
                """, "hosts.ini");
        RunResult r = f.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - name: local
                      command: "true"
                - hosts: h1
                  gather_facts: false
                  connection: ssh
                  tasks:
                    - name: over ssh
                      command: "true"
                """, RunOptions.defaults(), oneHost);
        assertEquals(Status.CHANGED, f.status("local"));
        assertEquals(Status.UNREACHABLE, f.status("over ssh"), "port 1 refuses: the play's ssh was used");
        assertEquals(RunResult.HOST_UNREACHABLE, r.exitCode());
    }

    private static List<String> sorted(List<String> l) {
        return l.stream().sorted().toList();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void forksBoundsHowManyHostsWorkAtOnce() throws Exception {
        Path log = dir.resolve("forks.log");
        f.run("""
                - hosts: web:db
                  gather_facts: false
                  tasks:
                    - name: count
                      shell: echo start >> %s; sleep 0.3; echo end >> %s
                """.formatted(log, log), RunOptions.defaults().withForks(2), inventory);
        int running = 0;
        int max = 0;
        for (String l : Files.readAllLines(log)) {
            running += l.equals("start") ? 1 : -1;
            max = Math.max(max, running);
        }
        assertEquals(2, max);
    }

    @Test
    void hostvarsAndGroupsAreVisible() {
        RunResult r = f.run("""
                - hosts: d1
                  gather_facts: false
                  tasks:
                    - name: web hosts
                      debug:
                        msg: "{{ groups['web'] | join(',') }} {{ group_names | join(',') }} {{ hostvars['w1']['ansible_connection'] }}"
                """, RunOptions.defaults(), inventory);
        assertEquals(0, r.exitCode(), f.events.toString());
        assertEquals("w1,w2,w3 db local", f.result("web hosts").values().get("msg"));
    }

    @Test
    void throttleRunsATaskOnSoManyHostsAtOnce() {
        // each host holds a directory as a lock while it sleeps: two at once would fail mkdir
        String lock = dir.resolve("lock").toString();
        RunResult r = f.run("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - name: one at a time
                      shell: mkdir %s && sleep 0.3 && rmdir %s
                      throttle: 1
                """.formatted(lock, lock), RunOptions.defaults(), inventory);
        assertEquals(0, r.exitCode(), f.console());
        assertEquals(3, f.results("one at a time").size());
    }
}
