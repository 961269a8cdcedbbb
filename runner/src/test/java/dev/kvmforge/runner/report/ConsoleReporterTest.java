package dev.kvmforge.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.HostStats;
import dev.kvmforge.runner.event.Status;
import dev.kvmforge.runner.modules.Change;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleReporterTest {

    private final StringWriter text = new StringWriter();

    private ConsoleReporter reporter(int verbosity, ConsoleMode mode) {
        return new ConsoleReporter(new PrintWriter(text), verbosity, mode);
    }

    @Test
    void printsAsAnsiblePlaybook() {
        SampleRun.feed(reporter(0, ConsoleMode.PLAIN));
        String expected = """

                PLAY [KVM hosts] ***************************************************************

                TASK [install qemu] ************************************************************
                changed: [web1]
                ok: [db-server-long-name]

                TASK [make disks] **************************************************************
                changed: [web1] => (item=a.qcow2)
                skipping: [web1] => (item=b.qcow2)
                failed: [db-server-long-name] (item=a.qcow2) => disk full
                fatal: [db-server-long-name]: FAILED! => One or more items failed

                TASK [check kvm] ***************************************************************
                fatal: [web1]: FAILED! => no /dev/kvm
                ...ignoring
                [WARNING]: [web1]: nested virtualization is off

                PLAY RECAP *********************************************************************
                db-server-long-name        : ok=1    changed=0    unreachable=0    failed=1    skipped=0    rescued=0    ignored=0
                web1                       : ok=2    changed=2    unreachable=0    failed=0    skipped=0    rescued=0    ignored=1

                """;
        assertEquals(expected, text.toString().replace(System.lineSeparator(), "\n"));
        for (String line : text.toString().split("\n")) {
            if (line.endsWith("*")) {
                assertEquals(80, line.length(), line);
            }
        }
    }

    @Test
    void aResultForAnotherTaskPrintsItsBannerAgain() {
        ConsoleReporter r = reporter(2, ConsoleMode.PLAIN);
        r.on(new Event.PlayStarted("p", "all", List.of("web1", "web2")));
        r.on(new Event.TaskStarted("install qemu", "command", SampleRun.INSTALL, false));
        r.on(SampleRun.result("web1", "install qemu", SampleRun.INSTALL, Status.OK, null, null, Map.of()));
        r.on(new Event.TaskStarted("make disks", "command", SampleRun.LOOP, false));
        r.on(SampleRun.result("web1", "make disks", SampleRun.LOOP, Status.CHANGED, null, null, Map.of()));
        r.on(SampleRun.result("web2", "install qemu", SampleRun.INSTALL, Status.OK, null, null, Map.of()));
        r.on(SampleRun.result("web2", "install qemu", SampleRun.INSTALL, Status.OK, null, null, Map.of()));
        r.on(SampleRun.result("web2", "make disks", SampleRun.LOOP, Status.CHANGED, "a.qcow2", null, Map.of()));
        assertEquals("""

                PLAY [p] ***********************************************************************

                TASK [install qemu] ************************************************************
                task path: site.yml:5:7
                ok: [web1]

                TASK [make disks] **************************************************************
                task path: site.yml:9:7
                changed: [web1]

                TASK [install qemu] ************************************************************
                task path: site.yml:5:7
                ok: [web2]
                ok: [web2]

                TASK [make disks] **************************************************************
                task path: site.yml:9:7
                changed: [web2] => (item=a.qcow2)
                """, text.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void aFreePlayPrintsBannersWithResultsOnly() {
        ConsoleReporter r = reporter(0, ConsoleMode.PLAIN);
        r.on(new Event.PlayStarted("p", "all", List.of("web1", "web2"), "free"));
        r.on(new Event.TaskStarted("install qemu", "command", SampleRun.INSTALL, false));
        r.on(SampleRun.result("web2", "install qemu", SampleRun.INSTALL, Status.OK, null, null, Map.of()));
        r.on(new Event.TaskStarted("make disks", "command", SampleRun.LOOP, false));
        r.on(new Event.TaskStarted("check kvm", "command", SampleRun.CHECK, false));
        r.on(SampleRun.result("web1", "install qemu", SampleRun.INSTALL, Status.OK, null, null, Map.of()));
        r.on(SampleRun.result("web2", "check kvm", SampleRun.CHECK, Status.OK, null, null, Map.of()));
        assertEquals("""

                PLAY [p] ***********************************************************************

                TASK [install qemu] ************************************************************
                ok: [web2]
                ok: [web1]

                TASK [check kvm] ***************************************************************
                ok: [web2]
                """, text.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void retriesPrintAsAnsibleDoesWithTheResultFromVvv() {
        Event.Retrying retry = new Event.Retrying("web1", "wait for libvirtd", SampleRun.INSTALL, 2, Map.of("rc", 1));
        reporter(0, new ConsoleMode(true, false)).on(retry);
        assertEquals("\u001b[1;30mFAILED - RETRYING: [web1]: wait for libvirtd (2 retries left).\u001b[0m\n",
                text.toString());
        text.getBuffer().setLength(0);
        reporter(3, ConsoleMode.PLAIN).on(retry);
        assertEquals("FAILED - RETRYING: [web1]: wait for libvirtd (2 retries left).Result was: {\n    \"rc\": 1\n}\n",
                text.toString());
    }

    @Test
    void recapWidensForLongHostNamesAndLargeCounts() {
        ConsoleReporter r = reporter(0, ConsoleMode.PLAIN);
        r.on(new Event.Recap(Map.of("a-very-long-host-name-of-the-lab.example", new HostStats(12345, 1, 0, 0, 0, 0, 0),
                "b", new HostStats(1, 0, 0, 0, 0, 0, 0))));
        List<String> lines = text.toString().lines().filter(l -> l.contains(" : ")).toList();
        assertEquals("a-very-long-host-name-of-the-lab.example : ok=12345  changed=1    unreachable=0    "
                + "failed=0    skipped=0    rescued=0    ignored=0", lines.get(0));
        assertEquals("b                                        : ok=1      changed=0    unreachable=0    "
                + "failed=0    skipped=0    rescued=0    ignored=0", lines.get(1));
    }

    @Test
    void verboseShowsValuesAsCompactJsonAndTaskPath() {
        ConsoleReporter r = reporter(2, ConsoleMode.PLAIN);
        r.on(new Event.TaskStarted("install qemu", "command", SampleRun.INSTALL, false));
        r.on(SampleRun.result("web1", "install qemu", SampleRun.INSTALL, Status.OK, null, null,
                Map.of("rc", 0)));
        r.on(SampleRun.result("web1", "install qemu", SampleRun.INSTALL, Status.FAILED, null, "boom",
                Map.of("rc", 1)));
        String out = text.toString();
        assertTrue(out.contains("task path: site.yml:5:7\n"), out);
        assertTrue(out.contains("ok: [web1] => {\"rc\":0}\n"), out);
        assertTrue(out.contains("fatal: [web1]: FAILED! => {\"rc\":1,\"msg\":\"boom\"}\n"), out);
    }

    @Test
    void debugPrintsItsMessageAtDefaultVerbosity() {
        ConsoleReporter r = reporter(0, ConsoleMode.PLAIN);
        r.on(new Event.TaskStarted("say hi", "debug", SampleRun.INSTALL, false));
        r.on(SampleRun.result("web1", "say hi", SampleRun.INSTALL, Status.OK, null, null,
                Map.of("msg", "Hello world!", "changed", false)));
        assertTrue(text.toString().endsWith("ok: [web1] => {\n    \"msg\": \"Hello world!\"\n}\n"), text.toString());
        r.on(SampleRun.result("web1", "say hi", SampleRun.INSTALL, Status.OK, "a", null,
                Map.of("msg", "Hello a", "item", "a", "ansible_loop_var", "item", "changed", false)));
        assertTrue(text.toString().endsWith("ok: [web1] => (item=a) => {\n    \"msg\": \"Hello a\"\n}\n"),
                "msg stands alone, as Ansible shows it: " + text);
    }

    @Test
    void vvvShowsCommandsAndOutput() {
        ConsoleReporter r = reporter(3, ConsoleMode.PLAIN);
        r.on(new Event.HostCommand("web1", "t", "qemu-img info /a.qcow2"));
        r.on(new Event.HostOutput("web1", "t", false, "file format: qcow2"));
        r.on(new Event.HostOutput("web1", "t", true, "warning"));
        assertEquals("<web1> EXEC qemu-img info /a.qcow2\n<web1> stdout: file format: qcow2\n"
                + "<web1> stderr: warning\n", text.toString());
        text.getBuffer().setLength(0);
        ConsoleReporter quiet = reporter(2, ConsoleMode.PLAIN);
        quiet.on(new Event.HostOutput("web1", "t", false, "file format: qcow2"));
        assertEquals("", text.toString());
    }

    @Test
    void checkModeListsWhatWouldChangeAndDiffShowsUnifiedDiff() {
        ConsoleReporter r = reporter(0, ConsoleMode.PLAIN);
        r.on(new Event.RunStarted(Instant.now(), "site.yml", true, true));
        r.on(new Event.PlayStarted("p", "all", List.of("web1")));
        r.on(new Event.TaskStarted("configure", "template", SampleRun.INSTALL, false));
        r.on(new Event.HostResult("web1", "configure", SampleRun.INSTALL, Status.CHANGED, null, null,
                List.of(Change.of("write /etc/libvirt/qemu.conf", SampleRun.diff())), List.of(SampleRun.diff()),
                Map.of(), false, Duration.ZERO));
        String out = text.toString();
        assertTrue(out.contains("PLAY [p] [CHECK MODE] ****"), out);
        assertTrue(out.endsWith("""
                --- before: /etc/libvirt/qemu.conf
                +++ after: /etc/libvirt/qemu.conf
                @@ -1,3 +1,4 @@
                 a
                -b
                +B
                 c
                +d
                changed: [web1]
                  - write /etc/libvirt/qemu.conf
                """), out);
    }

    @Test
    void unreachableAndColour() {
        ConsoleReporter r = reporter(0, new ConsoleMode(true, false));
        r.on(SampleRun.result("web1", "t", SampleRun.INSTALL, Status.UNREACHABLE, null, "connection refused",
                Map.of()));
        r.on(SampleRun.result("web2", "t", SampleRun.INSTALL, Status.OK, null, null, Map.of()));
        r.on(SampleRun.result("web3", "t", SampleRun.INSTALL, Status.CHANGED, null, null, Map.of()));
        r.on(SampleRun.result("web4", "t", SampleRun.INSTALL, Status.SKIPPED, null, null, Map.of()));
        r.on(new Event.Warning(null, "careful"));
        assertEquals("\u001b[0;31mfatal: [web1]: UNREACHABLE! => connection refused\u001b[0m\n"
                + "\u001b[0;32mok: [web2]\u001b[0m\n"
                + "\u001b[0;33mchanged: [web3]\u001b[0m\n"
                + "\u001b[0;36mskipping: [web4]\u001b[0m\n"
                + "\u001b[0;35m[WARNING]: careful\u001b[0m\n", text.toString());
    }

    @Test
    void plainModeHasNoEscapeCodes() {
        SampleRun.feed(reporter(1, ConsoleMode.PLAIN));
        assertFalse(text.toString().contains("\u001b"));
    }

    @Test
    void noLogResultsPrintCensored() {
        String censored = "the output has been hidden due to the fact that 'no_log: true' was specified for this result";
        ConsoleReporter r = reporter(1, ConsoleMode.PLAIN);
        r.on(SampleRun.result("web1", "set password", SampleRun.INSTALL, Status.CHANGED, null, null,
                Map.of("censored", censored)));
        r.on(SampleRun.result("web1", "set password", SampleRun.INSTALL, Status.FAILED, null, censored,
                Map.of("censored", censored)));
        r.on(SampleRun.result("web1", "useradd", SampleRun.INSTALL, Status.FAILED, null,
                "useradd exited with 9: user 'kvm' already exists", Map.of()));
        String out = text.toString();
        assertTrue(out.contains("changed: [web1] => {\"censored\":\"" + censored + "\"}"), out);
        assertTrue(out.contains("fatal: [web1]: FAILED! => {\"censored\":\"" + censored + "\",\"msg\":\""
                + censored + "\"}"), out);
        assertTrue(out.contains("fatal: [web1]: FAILED! => useradd exited with 9: user 'kvm' already exists"), out);
    }

    @Test
    void progressLineAfterTwoSecondsIsClearedBeforeTheNextLine() {
        AtomicLong now = new AtomicLong();
        ConsoleReporter r = new ConsoleReporter(new PrintWriter(text), 0, new ConsoleMode(false, false), now::get);
        r.on(new Event.PlayStarted("p", "all", List.of("host1", "host2", "host3")));
        r.on(new Event.TaskStarted("slow", "command", SampleRun.INSTALL, false));
        r.on(SampleRun.result("host2", "slow", SampleRun.INSTALL, Status.OK, null, null, Map.of()));
        int before = text.getBuffer().length();
        now.set(TimeUnit.MILLISECONDS.toNanos(1900));
        r.tick();
        assertEquals(before, text.getBuffer().length(), "nothing before two seconds");
        now.set(TimeUnit.SECONDS.toNanos(12));
        r.tick();
        String line = "  ... still running on host1, host3 (12s)";
        assertEquals("\r" + line, text.toString().substring(before));
        r.on(SampleRun.result("host1", "slow", SampleRun.INSTALL, Status.OK, null, null, Map.of()));
        assertEquals("\r" + line + "\r" + " ".repeat(line.length()) + "\rok: [host1]\n",
                text.toString().substring(before));
    }

    @Test
    void progressLineFitsOneLine() {
        AtomicLong now = new AtomicLong();
        ConsoleReporter r = new ConsoleReporter(new PrintWriter(text), 0, ConsoleMode.PLAIN, now::get);
        List<String> hosts = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "hypervisor-" + i).toList();
        r.on(new Event.PlayStarted("p", "all", hosts));
        r.on(new Event.TaskStarted("slow", "command", SampleRun.INSTALL, false));
        text.getBuffer().setLength(0);
        now.set(TimeUnit.SECONDS.toNanos(3));
        r.tick();
        String line = text.toString().substring(1);
        assertTrue(line.length() < 80, line);
        assertTrue(line.matches("  \\.\\.\\. still running on hypervisor-0, .*, \\+\\d+ more \\(3s\\)"), line);
    }

    @Test
    void eventsFromManyThreadsPrintWholeLines() throws Exception {
        ConsoleReporter r = reporter(0, ConsoleMode.PLAIN);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < 8; t++) {
            int n = t;
            pool.submit(() -> {
                go.await();
                for (int i = 0; i < 200; i++) {
                    r.on(SampleRun.result("host" + n, "t", SampleRun.INSTALL, Status.OK, null, null, Map.of()));
                }
                return null;
            });
        }
        go.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        List<String> lines = text.toString().lines().toList();
        assertEquals(1600, lines.size());
        assertTrue(lines.stream().allMatch(l -> l.matches("ok: \\[host\\d]")));
    }
}
