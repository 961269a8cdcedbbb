package dev.kvmforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.cli.resident.ResidentClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) during a run lets the running task finish within the grace period, kills it past it (or at a second
 * Ctrl-C), prints the recap and exits 99. Runs kvmforge in its own JVM, since the process ends.
 */
class InterruptTest {

    @TempDir
    Path dir;

    @Test
    void aStoppedRunPrintsTheRecapAndExits99() throws Exception {
        Path pb = dir.resolve("slow.yml");
        Files.writeString(pb, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: slow
                      command: sleep 2
                    - name: after
                      command: "true"
                """);
        Kvmforge k = Kvmforge.start(pb);
        k.awaitOutput("TASK [slow]");
        Thread.sleep(300);
        k.ctrlC();
        assertEquals(99, k.exitCode(), k.out());
        assertTrue(k.out().contains("changed: [localhost]"), "the running task finished: " + k.out());
        assertTrue(k.out().contains("PLAY RECAP"), k.out());
        assertTrue(k.out().contains("User interrupted execution"), k.out());
        assertFalse(k.out().contains("TASK [after]"), k.out());
    }

    @Test
    void aTaskLongerThanTheGraceIsKilledAndTheRecapShowsTheHost() throws Exception {
        Path pb = dir.resolve("slower.yml");
        Files.writeString(pb, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: slow
                      command: sleep 30
                    - name: after
                      command: "true"
                """);
        Kvmforge k = Kvmforge.start(pb, "-D" + InterruptGuard.GRACE_PROPERTY + "=1");
        k.awaitOutput("TASK [slow]");
        List<ProcessHandle> children = k.awaitChildren();
        long t0 = System.nanoTime();
        k.ctrlC();
        assertEquals(99, k.exitCode(), k.out());
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertTrue(seconds < 8, "killed after the 1 s grace, not after the task's 30 s: " + seconds + " s");
        assertGone(children);
        assertTrue(k.out().contains("fatal: [localhost]: FAILED! => "), k.out());
        assertTrue(k.out().contains("interrupted"), k.out());
        assertTrue(k.out().contains("PLAY RECAP"), k.out());
        assertTrue(k.out().matches("(?s).*localhost +: ok=0 +changed=0 +unreachable=0 +failed=1 .*"), k.out());
        assertTrue(k.out().contains("User interrupted execution"), k.out());
        assertFalse(k.out().contains("TASK [after]"), k.out());
    }

    @Test
    void aSecondCtrlCEndsTheRunningTaskAtOnceWithTheRecap() throws Exception {
        Path pb = dir.resolve("slower.yml");
        Files.writeString(pb, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: slow
                      command: sleep 30
                """);
        Kvmforge k = Kvmforge.start(pb);
        k.awaitOutput("TASK [slow]");
        List<ProcessHandle> children = k.awaitChildren();
        long t0 = System.nanoTime();
        k.ctrlC();
        Thread.sleep(500);
        assertTrue(children.stream().allMatch(ProcessHandle::isAlive), "the first Ctrl-C lets the task run");
        k.ctrlC();
        assertEquals(99, k.exitCode(), k.out());
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertTrue(seconds < 8, "ended at the second Ctrl-C, not after the 10 s grace: " + seconds + " s");
        assertGone(children);
        assertTrue(k.out().contains("PLAY RECAP"), k.out());
    }

    /** The processes ended (a killed grandchild may take a moment to be reaped by whoever inherits it). */
    private static void assertGone(List<ProcessHandle> processes) throws Exception {
        for (ProcessHandle p : processes) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("left running: " + p.info(), e);
            }
        }
    }

    /** kvmforge run in a JVM of its own, since the process ends, with its output as it comes. */
    private record Kvmforge(Process process, StringBuffer output) {

        static Kvmforge start(Path playbook, String... jvmOptions) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of(jvmOptions));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.kvmforge.cli.Kvmforge", "run",
                    playbook.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            StringBuffer out = new StringBuffer();
            ResidentClients.copyInBackground(p.getInputStream(), out);
            return new Kvmforge(p, out);
        }

        void awaitOutput(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!output.toString().contains(text) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(output.toString().contains(text), output.toString());
        }

        /** The processes the run started (the task's shell and its sleep), once the sleep is there. */
        List<ProcessHandle> awaitChildren() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                List<ProcessHandle> children = process.descendants().toList();
                if (children.stream().anyMatch(c -> c.info().command().orElse("").endsWith("sleep"))) {
                    return children;
                }
                Thread.sleep(50);
            }
            throw new AssertionError("the task's command did not start: " + output);
        }

        /** Ctrl-C, as the terminal sends it. */
        void ctrlC() throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
        }

        int exitCode() throws InterruptedException {
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), output.toString());
            Thread.sleep(200); // the last output
            return process.exitValue();
        }

        String out() {
            return output.toString();
        }
    }
}
