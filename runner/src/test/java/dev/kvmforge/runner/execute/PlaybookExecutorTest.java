package dev.kvmforge.runner.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.HostStats;
import dev.kvmforge.runner.event.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor on the local host, for real: every task runs its commands on this machine. */
class PlaybookExecutorTest {

    @TempDir
    Path dir;

    PlaybookFixture f;

    @BeforeEach
    void setUp() {
        f = new PlaybookFixture(dir);
    }

    private HostStats recap() {
        return f.result.hosts().get("localhost");
    }

    @Test
    void runsCommandsRegistersAndDecidesWithWhen() {
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  vars:
                    greeting: hello
                  tasks:
                    - name: echo
                      command: echo {{ greeting }} world
                      register: out
                    - name: show
                      debug:
                        msg: "said {{ out.stdout }}"
                    - name: only when true
                      command: "true"
                      when: out.rc == 0 and 'world' in out.stdout
                    - name: skipped when false
                      command: "false"
                      when: out.rc != 0
                """);
        assertEquals(0, r.exitCode(), f.events.toString());
        assertEquals(Status.CHANGED, f.status("echo"));
        assertEquals("hello world", f.result("echo").values().get("stdout"));
        assertEquals("said hello world", f.result("show").values().get("msg"));
        assertEquals(Status.OK, f.status("show"));
        assertEquals(Status.CHANGED, f.status("only when true"));
        assertEquals(Status.SKIPPED, f.status("skipped when false"));
        assertEquals(new HostStats(3, 2, 0, 0, 1, 0, 0), recap());
    }

    @Test
    void commandDoesNotExpandShellSyntaxButShellDoes() {
        f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: command
                      command: echo $HOME "a  b"
                    - name: shell
                      shell: echo "$((1+2))" | tr 3 x
                """);
        assertEquals("$HOME a  b", f.result("command").values().get("stdout"));
        assertEquals("x", f.result("shell").values().get("stdout"));
    }

    @Test
    void failedTaskStopsTheHostAndGivesExitCode2() {
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: fails
                      command: "false"
                    - name: never
                      command: "true"
                """);
        assertEquals(RunResult.HOST_FAILED, r.exitCode());
        assertEquals(Status.FAILED, f.status("fails"));
        assertEquals(1, f.result("fails").values().get("rc"));
        assertTrue(f.results("never").isEmpty());
        assertEquals(1, recap().failed());
    }

    @Test
    void ignoreErrorsChangedWhenFailedWhen() {
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: ignored
                      command: "false"
                      ignore_errors: true
                    - name: not changed
                      command: echo same
                      register: r
                      changed_when: false
                    - name: failed by output
                      shell: echo ERROR here
                      failed_when: "'ERROR' in r2.stdout"
                      register: r2
                      ignore_errors: yes
                    - name: rc 1 is fine
                      shell: exit 1
                      failed_when: result.rc > 1
                      register: result
                """);
        assertEquals(0, r.exitCode(), f.events.toString());
        assertTrue(f.result("ignored").ignored());
        assertEquals(Status.OK, f.status("not changed"));
        assertEquals(Status.FAILED, f.status("failed by output"));
        assertEquals(Status.CHANGED, f.status("rc 1 is fine"));
        assertEquals(2, recap().ignored());
        assertEquals(0, recap().failed());
    }

    @Test
    void loopsOverItemsWithLabelsAndRegistersResults() {
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  vars:
                    names: [a, b, c]
                  tasks:
                    - name: each
                      command: echo {{ item }}
                      loop: "{{ names }}"
                      loop_control:
                        label: "name {{ item }}"
                      register: echoed
                    - name: skip b
                      command: echo {{ thing }}
                      loop: "{{ names }}"
                      loop_control:
                        loop_var: thing
                      when: thing != 'b'
                    - name: count
                      debug:
                        msg: "{{ echoed.results | map(attribute='stdout') | join(',') }}"
                """);
        assertEquals(0, r.exitCode(), f.events.toString());
        assertEquals(List.of("name a", "name b", "name c"), f.items("each").stream().map(Event.HostResult::item).toList());
        assertEquals(Status.CHANGED, f.status("each"));
        assertEquals("a,b,c", f.result("count").values().get("msg"));
        List<Status> skip = f.items("skip b").stream().map(Event.HostResult::status).toList();
        assertEquals(List.of(Status.CHANGED, Status.SKIPPED, Status.CHANGED), skip);
    }

    @Test
    void blockRescueAlways() {
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: guarded
                      block:
                        - name: breaks
                          command: "false"
                        - name: not reached
                          command: "true"
                      rescue:
                        - name: mends
                          debug:
                            msg: rescued
                      always:
                        - name: cleans
                          debug:
                            msg: always
                    - name: after
                      command: "true"
                """);
        assertEquals(0, r.exitCode(), f.events.toString());
        assertEquals(Status.FAILED, f.status("breaks"));
        assertTrue(f.results("not reached").isEmpty());
        assertEquals(Status.OK, f.status("mends"));
        assertEquals(Status.OK, f.status("cleans"));
        assertEquals(Status.CHANGED, f.status("after"));
        assertEquals(1, recap().rescued());
        assertEquals(0, recap().failed());
    }

    @Test
    void alwaysRunsOnAFailedHostWhichStaysFailed() {
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - block:
                        - name: breaks
                          command: "false"
                      always:
                        - name: cleans
                          command: "true"
                    - name: after
                      command: "true"
                """);
        assertEquals(RunResult.HOST_FAILED, r.exitCode());
        assertEquals(Status.CHANGED, f.status("cleans"));
        assertTrue(f.results("after").isEmpty());
    }

    @Test
    void handlersRunOnceAtTheEndOnlyWhenNotified() throws Exception {
        Path log = dir.resolve("handler.log");
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: change one
                      command: "true"
                      notify: restart thing
                    - name: change two
                      command: "true"
                      notify: [restart thing, by topic]
                    - name: no change
                      command: "true"
                      changed_when: false
                      notify: never notified
                  handlers:
                    - name: restart thing
                      shell: echo restart >> %s
                    - name: listener
                      shell: echo topic >> %s
                      listen: by topic
                    - name: never notified
                      shell: echo never >> %s
                """.formatted(log, log, log));
        assertEquals(0, r.exitCode(), f.events.toString());
        assertEquals("restart\ntopic\n", Files.readString(log));
        List<Event.TaskStarted> handlers = f.events.stream().filter(e -> e instanceof Event.TaskStarted t && t.handler())
                .map(e -> (Event.TaskStarted) e).toList();
        assertEquals(List.of("restart thing", "listener"), handlers.stream().map(Event.TaskStarted::name).toList());
    }

    @Test
    void flushHandlersRunsThemAtThatPoint() throws Exception {
        Path log = dir.resolve("order.log");
        f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: change
                      command: "true"
                      notify: h
                    - meta: flush_handlers
                    - name: later
                      shell: echo later >> %s
                  handlers:
                    - name: h
                      shell: echo handler >> %s
                """.formatted(log, log));
        assertEquals("handler\nlater\n", Files.readString(log));
    }

    @Test
    void checkModeRunsNothingAndSaysWhatWouldChange() throws Exception {
        Path marker = dir.resolve("marker");
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: would run
                      command: touch %s
                      register: skipped_run
                    - name: creates exists
                      command: touch %s
                      args:
                        creates: %s
                    - name: creates missing
                      command: touch %s
                      args:
                        creates: %s
                    - name: runs anyway
                      command: echo real
                      check_mode: false
                      register: real
                    - name: reads the skipped one
                      assert:
                        that: [skipped_run is skipped, skipped_run.rc == 0, skipped_run.stdout == '']
                """.formatted(marker, marker, dir, marker, marker), RunOptions.defaults().withCheck(true));
        assertEquals(0, r.exitCode(), f.events.toString());
        assertFalse(Files.exists(marker), "check mode must not run the command");
        // as Ansible's command module: without creates/removes a command is skipped in check mode, with rc 0 and no
        // output registered; with them, and the condition not met, it would run: changed
        Event.HostResult would = f.result("would run");
        assertEquals(Status.SKIPPED, would.status());
        assertEquals(0, would.values().get("rc"));
        assertEquals("", would.values().get("stdout"));
        assertEquals("Command would have run if not in check mode", would.values().get("msg"));
        Event.HostResult creates = f.result("creates missing");
        assertEquals(Status.CHANGED, creates.status());
        assertEquals("run: touch " + marker, creates.changes().get(0).summary());
        assertEquals(Status.OK, f.status("creates exists"));
        assertEquals("real", f.result("runs anyway").values().get("stdout"));
    }

    @Test
    void moduleDefaultsApplyToTheTasksOfAnIncludedFileToo() throws Exception {
        f.write("inc.yml", """
                - name: included
                  file:
                    path: %s
                    state: touch
                """.formatted(dir.resolve("b")));
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  module_defaults:
                    ansible.builtin.file: {mode: "0640"}
                  tasks:
                    - name: direct
                      file: {path: %s, state: touch}
                    - include_tasks: inc.yml
                """.formatted(dir.resolve("a")));
        assertEquals(0, r.exitCode(), f.console());
        for (String name : List.of("a", "b")) {
            assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve(name))), name);
        }
    }

    @Test
    void breakWhenEndsALoopAfterTheItemThatMeetsItAndHostPinnedRunsAsFree() {
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  strategy: host_pinned
                  tasks:
                    - name: count
                      command: echo {{ item }}
                      loop: [1, 2, 3, 4]
                      register: counted
                      loop_control:
                        break_when:
                          - counted.stdout == '2'
                    - name: seen
                      debug:
                        msg: "{{ counted.results | map(attribute='stdout') | list }}"
                """);
        assertEquals(0, r.exitCode(), f.console());
        assertEquals(2, f.items("count").size(), f.console());
        assertEquals(List.of("1", "2"), f.result("seen").values().get("msg"));
    }

    @Test
    void failWithAListMessageKeepsTheList() {
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: stop
                      fail:
                        msg: [first reason, second reason]
                """);
        assertEquals(RunResult.HOST_FAILED, r.exitCode());
        assertEquals(List.of("first reason", "second reason"), f.result("stop").values().get("msg"));
    }

    @Test
    void secondRunWithCreatesChangesNothing() {
        Path marker = dir.resolve("made");
        String pb = """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: make
                      command: touch %s
                      args:
                        creates: %s
                """.formatted(marker, marker);
        f.run(pb);
        assertEquals(1, recap().changed());
        f.run(pb);
        assertEquals(0, recap().changed());
    }

    @Test
    void tagsSelectTasks() {
        String pb = """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: a
                      command: "true"
                      tags: [install]
                    - name: b
                      command: "true"
                      tags: config
                    - name: c
                      command: "true"
                      tags: [always]
                    - name: d
                      command: "true"
                      tags: [never, debug]
                """;
        f.run(pb, RunOptions.defaults().withTags(Set.of("install")));
        assertEquals(List.of("a", "c"), f.taskNames());
        f.run(pb, RunOptions.defaults().withSkipTags(Set.of("install")));
        assertEquals(List.of("b", "c"), f.taskNames());
        f.run(pb, RunOptions.defaults().withTags(Set.of("debug")));
        assertEquals(List.of("c", "d"), f.taskNames());
    }

    @Test
    void untilRetriesUntilTheConditionHolds() throws Exception {
        Path counter = dir.resolve("count");
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: third time lucky
                      shell: echo x >> %s; wc -l < %s
                      register: n
                      until: n.stdout | int >= 3
                      retries: 5
                      delay: 0
                """.formatted(counter, counter));
        assertEquals(0, r.exitCode(), f.events.toString());
        assertEquals(3, f.result("third time lucky").values().get("attempts"));
        List<Event.Retrying> retries = f.events.stream().filter(e -> e instanceof Event.Retrying)
                .map(e -> (Event.Retrying) e).toList();
        assertEquals(List.of(5, 4), retries.stream().map(Event.Retrying::retriesLeft).toList());
        assertEquals("1", retries.get(0).values().get("stdout"));
        // as ansible-playbook prints it: no [WARNING], the task's rendered name, a full stop
        assertTrue(f.console().contains("\nTASK [third time lucky] " + "*".repeat(56) + "\n"
                + "FAILED - RETRYING: [localhost]: third time lucky (5 retries left).\n"
                + "FAILED - RETRYING: [localhost]: third time lucky (4 retries left).\n"
                + "changed: [localhost]\n"), f.console());
    }

    @Test
    void setFactAndExtraVarsAndAssert() {
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  vars:
                    size: 10
                  tasks:
                    - set_fact:
                        doubled: "{{ size * 2 }}"
                    - name: check
                      assert:
                        that:
                          - doubled | int == 20
                          - size == 99
                        fail_msg: "size is {{ size }}"
                """, RunOptions.defaults().withExtraVars(Map.of("size", 99)));
        assertEquals(RunResult.HOST_FAILED, r.exitCode());
        assertEquals("size is 99", f.result("check").message());
        assertEquals(Status.FAILED, f.status("check"));
    }

    @Test
    void anUndefinedVariableFailsTheTaskNamingItAndWhere() {
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: uses nothing
                      command: echo {{ not_defined_anywhere }}
                """);
        assertEquals(RunResult.HOST_FAILED, r.exitCode());
        String msg = f.result("uses nothing").message();
        assertTrue(msg.contains("not_defined_anywhere"), msg);
        assertTrue(msg.contains("site.yml:4:7"), msg);
        assertTrue(msg.contains("hint:"), msg);
    }

    @Test
    void gathersFactsOfTheLocalHost() {
        RunResult r = f.run("""
                - hosts: localhost
                  tasks:
                    - name: os
                      debug:
                        msg: "{{ ansible_facts.os_family }} {{ ansible_distribution_release }}"
                """);
        assertEquals(0, r.exitCode(), f.events.toString());
        assertEquals(Status.OK, f.status("Gathering Facts"));
        assertEquals("Debian bookworm", f.result("os").values().get("msg"));
    }

    @Test
    void environmentReachesTheCommand() {
        f.run("""
                - hosts: localhost
                  gather_facts: false
                  environment:
                    GREETING: "it's here"
                  tasks:
                    - name: env
                      shell: echo "$GREETING"
                """);
        assertEquals("it's here", f.result("env").values().get("stdout"));
    }

    @Test
    void noLogHidesValues() {
        f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: secret
                      command: echo s3cr3t-value
                      no_log: true
                    - name: secret retried
                      command: echo s3cr3t-value
                      register: out
                      until: out.stdout == "never"
                      retries: 1
                      delay: 0
                      no_log: true
                      ignore_errors: true
                """);
        Event.HostResult r = f.result("secret");
        assertFalse(r.values().toString().contains("s3cr3t-value"));
        assertNotNull(r.values().get("censored"));
        assertTrue(f.events.stream().anyMatch(e -> e instanceof Event.Retrying), f.events.toString());
        assertFalse(f.events.toString().contains("s3cr3t-value"), f.events.toString());
    }

    @Test
    void noLogKeepsCommandsAndOutputOutOfTheEventsEvenAtTripleV() {
        f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: secret
                      shell: echo s3cr3t-value; echo s3cr3t-value >&2
                      no_log: true
                    - name: plain
                      command: echo visible
                """, RunOptions.defaults().withVerbosity(3));
        assertFalse(f.events.toString().contains("s3cr3t-value"), f.events.toString());
        assertTrue(f.events.stream().anyMatch(e -> e instanceof Event.HostCommand c && c.command().contains("visible")),
                "a task without no_log still shows its command at -vvv: " + f.events);
    }

    @Test
    void startAtTaskSkipsEarlierTasks() {
        f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: one
                      command: "true"
                    - name: two
                      command: "true"
                """, RunOptions.defaults().withStartAtTask("two"));
        assertEquals(List.of("two"), f.taskNames());
    }

    @Test
    void diffKeywordOverridesTheRunsDiffPerTaskAndPlay() {
        String playbook = """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: quiet
                      copy:
                        dest: %1$s/quiet.conf
                        content: "a\\n"
                      diff: false
                    - name: shown
                      copy:
                        dest: %1$s/shown.conf
                        content: "b\\n"
                      diff: true
                    - name: as the run says
                      copy:
                        dest: %1$s/run.conf
                        content: "c\\n"
                    - name: mode
                      debug:
                        msg: "{{ ansible_diff_mode }}"
                      diff: true
                """.formatted(dir);
        f.run(playbook, RunOptions.defaults().withDiff(true));
        assertTrue(f.result("quiet").diffs().isEmpty(), f.events.toString());
        assertEquals(1, f.result("shown").diffs().size(), f.events.toString());
        assertEquals(1, f.result("as the run says").diffs().size(), f.events.toString());
        f.run(playbook.replace("content: \"", "content: \"x"), RunOptions.defaults());
        assertTrue(f.result("quiet").diffs().isEmpty(), f.events.toString());
        assertEquals(1, f.result("shown").diffs().size(), f.events.toString());
        assertTrue(f.result("as the run says").diffs().isEmpty(), f.events.toString());
        assertEquals(true, f.result("mode").values().get("msg"));
        f.run(playbook.replace("gather_facts: false", "gather_facts: false\n  diff: true")
                .replace("content: \"", "content: \"y"), RunOptions.defaults());
        assertEquals(1, f.result("as the run says").diffs().size(), f.events.toString());
        assertTrue(f.result("quiet").diffs().isEmpty(), f.events.toString());
    }

    @Test
    void loopControlPauseWaitsBetweenItems() {
        long t0 = System.nanoTime();
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: paced
                      command: "true"
                      loop: [1, 2, 3]
                      loop_control:
                        pause: 0.4
                """);
        long ms = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(0, r.exitCode(), f.events.toString());
        assertEquals(3, f.items("paced").size());
        assertTrue(ms >= 800, "two pauses of 0.4s between three items, took " + ms + " ms");
        assertTrue(f.result("paced").duration().toMillis() >= 800, f.result("paced").toString());
    }

    @Test
    void loopControlExtendedGivesAnsibleLoop() {
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: ext
                      debug:
                        msg: "{{ ansible_loop.index }}/{{ ansible_loop.length }} {{ ansible_loop.index0 }} {{ ansible_loop.revindex }} {{ ansible_loop.revindex0 }} {{ ansible_loop.first }} {{ ansible_loop.last }} {{ ansible_loop.previtem | default('-') }} {{ ansible_loop.nextitem | default('-') }} {{ ansible_loop.allitems | join(',') }}"
                      loop: [a, b, c]
                      loop_control:
                        extended: true
                        index_var: i
                      register: out
                    - name: without allitems
                      debug:
                        msg: "{{ ansible_loop.allitems is defined }} {{ ansible_loop_var }}"
                      loop: [a]
                      loop_control:
                        extended: true
                        extended_allitems: false
                        loop_var: disk
                    - name: not extended
                      debug:
                        msg: "{{ ansible_loop is defined }}"
                      loop: [a]
                """);
        assertEquals(0, r.exitCode(), f.events.toString());
        assertEquals(List.of("1/3 0 3 2 True False - b a,b,c", "2/3 1 2 1 False False a c a,b,c",
                "3/3 2 1 0 False True b - a,b,c"),
                f.items("ext").stream().map(e -> String.valueOf(e.values().get("msg"))).toList());
        Map<?, ?> first = (Map<?, ?>) ((List<?>) f.result("ext").values().get("results")).get(0);
        assertEquals("item", first.get("ansible_loop_var"));
        assertEquals("i", first.get("ansible_index_var"));
        assertEquals(0, first.get("i"));
        assertEquals(1, ((Map<?, ?>) first.get("ansible_loop")).get("index"));
        assertEquals("False disk", f.items("without allitems").get(0).values().get("msg"));
        assertEquals(false, f.items("not extended").get(0).values().get("msg"));
    }

    @Test
    void abortKillsWhatStillRunsAndTheRecapShowsTheHostInterrupted() throws Exception {
        Path pb = f.write("slow.yml", """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: slow
                      command: sleep 30
                    - name: after
                      command: "true"
                """);
        List<Event> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.kvmforge.runner.PlaybookRun run = dev.kvmforge.runner.PlaybookRun.of(pb).withListener(events::add);
        java.util.concurrent.CompletableFuture<RunResult> result = java.util.concurrent.CompletableFuture.supplyAsync(
                run::run);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        List<ProcessHandle> sleeping = List.of();
        while (sleeping.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            sleeping = ProcessHandle.current().descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("sleep 30")).toList();
        }
        assertFalse(sleeping.isEmpty(), "the task's command started: " + events);
        run.stop();
        Thread.sleep(300);
        assertTrue(sleeping.stream().allMatch(ProcessHandle::isAlive), "stop lets running tasks go on");
        long t0 = System.nanoTime();
        run.abort();
        RunResult r = result.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - t0 < java.util.concurrent.TimeUnit.SECONDS.toNanos(5));
        assertEquals(RunResult.INTERRUPTED, r.exitCode());
        assertTrue(r.interrupted());
        for (ProcessHandle p : sleeping) {
            p.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        Event.HostResult slow = events.stream().filter(e -> e instanceof Event.HostResult h && h.task().equals("slow"))
                .map(e -> (Event.HostResult) e).findFirst().orElseThrow();
        assertEquals(Status.FAILED, slow.status());
        assertTrue(slow.message().contains("interrupted"), slow.message());
        assertEquals(1, r.hosts().get("localhost").failed(), "the recap shows the host cut off");
        assertTrue(events.stream().noneMatch(e -> e instanceof Event.TaskStarted t && t.name().equals("after")));
        assertTrue(events.stream().anyMatch(e -> e instanceof Event.Recap), events.toString());
    }

    @Test
    void startAtTaskThatNamesNoTaskIsAnOptionsError() {
        String playbook = """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: install qemu
                      command: "true"
                    - block:
                        - name: define network
                          command: "true"
                """;
        KvmforgeException e = assertThrows(KvmforgeException.class,
                () -> f.run(playbook, RunOptions.defaults().withStartAtTask("define netwrok")));
        assertEquals(ErrorKind.OPTIONS, e.kind());
        assertEquals("--start-at-task: no task named 'define netwrok' in the playbook", e.what());
        assertEquals("did you mean 'define network'?", e.hint().orElseThrow());
        assertTrue(e.where().orElseThrow().endsWith("site.yml"), e.getMessage());
        assertTrue(f.events.isEmpty(), f.events.toString());
        KvmforgeException far = assertThrows(KvmforgeException.class,
                () -> f.run(playbook, RunOptions.defaults().withStartAtTask("nosuch")));
        assertTrue(far.hint().orElseThrow().contains("--list-tasks"), far.getMessage());
    }

    @Test
    void variablesThatAreTemplatesAreRenderedInTurnAndOmitDropsAParameter() {
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  vars:
                    base: /srv
                    disk: "{{ base }}/vm.qcow2"
                    vm:
                      path: "{{ disk }}"
                  tasks:
                    - name: show
                      debug:
                        msg: "{{ vm.path }} {{ vm }}"
                    - name: omitted
                      command:
                        cmd: echo hi
                        chdir: "{{ nothing | default(omit) }}"
                """);
        assertEquals(0, r.exitCode(), f.events.toString());
        assertEquals("/srv/vm.qcow2 {'path': '/srv/vm.qcow2'}", f.result("show").values().get("msg"));
        assertEquals("hi", f.result("omitted").values().get("stdout"));
    }

    @Test
    void shortFormArgumentsWithTemplatesAndAKeyNamedAsTheFreeFormOne() {
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  vars:
                    d: %s/made
                  tasks:
                    - name: who
                      debug: msg={{ inventory_hostname }}
                    - name: mkdir
                      file: path={{ d }} state=directory
                    - name: list
                      command: ls -a chdir={{ d }}
                    - name: boom
                      fail: msg=boom
                      ignore_errors: true
                """.formatted(dir));
        assertEquals(0, r.exitCode(), f.events.toString());
        assertEquals("localhost", f.result("who").values().get("msg"));
        assertTrue(Files.isDirectory(dir.resolve("made")));
        assertEquals(".\n..", f.result("list").values().get("stdout"));
        assertEquals("boom", f.result("boom").message());
        assertEquals("boom", f.result("boom").values().get("msg"));
    }

    @Test
    void aBadValueIsAParseErrorBeforeAnyTaskRuns() {
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: first
                      file: {path: %s/first, state: touch}
                    - name: x
                      file:
                        path: /tmp/x
                        state: bogus
                """.formatted(dir)));
        assertEquals(ErrorKind.PARSE, e.kind());
        assertEquals("site.yml:9:16, task 'x'", e.where().orElseThrow().replace(dir + "/", ""));
        assertFalse(Files.exists(dir.resolve("first")), "nothing ran");
    }

    @Test
    void aBadTemplatedValueFailsTheTaskSayingWhereOnce() {
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  vars:
                    wanted: bogus
                  tasks:
                    - name: x
                      file:
                        path: /tmp/x
                        state: "{{ wanted }}"
                """);
        assertEquals(RunResult.HOST_FAILED, r.exitCode());
        String msg = f.result("x").message();
        assertTrue(msg.matches("\\S*site\\.yml:9:9, task 'x', host localhost: module 'file', parameter 'state': "
                + "state 'bogus' is not a valid choice\n  hint: choose one of file, directory, absent, link, hard, "
                + "touch"), msg);
    }

    @Test
    void aModuleWithoutCheckModeIsSkippedInADryRunAndWhatDependsOnItToo() throws Exception {
        var r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: temp
                      tempfile: {suffix: .xml}
                      register: tmp
                    - name: use it
                      copy: {content: x, dest: "{{ tmp.path }}"}
                      when: tmp.changed
                """, RunOptions.defaults().withCheck(true));
        assertEquals(0, r.exitCode(), f.console());
        assertEquals(Status.SKIPPED, f.status("temp"));
        assertEquals(true, f.result("temp").values().get("skipped"));
        assertEquals(Status.SKIPPED, f.status("use it"));
    }
}
