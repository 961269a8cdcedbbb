package dev.kvmforge.runner.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.Status;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.testkit.LoopbackSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code script} and {@code raw}, on the local host and over SSH to a real sshd on loopback: arguments as written,
 * the script's copy gone after it ran, {@code creates} for a second run that changes nothing, check mode as Ansible's,
 * failures with their exit status, bad input refused with its place.
 */
class ScriptAndRawTest {

    private static LoopbackSshd sshd;

    @TempDir
    Path dir;

    PlaybookFixture f;

    @BeforeAll
    static void startServer() {
        sshd = new LoopbackSshd().withAddress("127.0.22.2").start();
    }

    @AfterAll
    static void stopServer() {
        if (sshd != null) {
            sshd.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        f = new PlaybookFixture(dir);
        f.write("files/report.sh", """
                #!/bin/sh
                echo "args:$#:$1:$2"
                echo "dir:$(dirname "$0")"
                echo "pwd:$(pwd)"
                [ -n "$3" ] && touch "$3"
                echo oops >&2
                exit "${EXIT:-0}"
                """);
        Files.setPosixFilePermissions(dir.resolve("files/report.sh"), java.util.Set.of(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ));
    }

    private Inventory both() throws Exception {
        return Inventory.parse("""
                local ansible_connection=local
                remote ansible_host=%s ansible_port=%d ansible_user=%s ansible_ssh_private_key_file=%s
                """.formatted(sshd.host(), sshd.port(), sshd.user(), sshd.ed25519Key()), "hosts.ini");
    }

    private RunOptions options() {
        return f.trusting(sshd);
    }

    private Event.HostResult on(String task, String host) {
        return f.results(task).stream().filter(x -> x.host().equals(host)).findFirst()
                .orElseThrow(() -> new AssertionError(task + " on " + host + ": " + f.console()));
    }

    @Test
    void aScriptRunsWithItsArgumentsInChdirLeavesNoCopyAndCreatesMakesTheSecondRunSkip() throws Exception {
        // the SSH login user is not root: it writes its marker into a folder anyone may write
        Path out = Files.createDirectory(dir.resolve("out"));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path made = out.resolve("made-{{ inventory_hostname }}");
        String pb = """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: report
                      script: report.sh 'a b' "c" %s
                      args:
                        chdir: /tmp
                        creates: %s
                      register: out
                    - name: copy gone
                      stat:
                        path: "{{ out.stdout_lines[1][4:] }}"
                      register: copy
                      when: out is not skipped
                    - name: check
                      assert:
                        that: [copy is skipped or not copy.stat.exists]
                """.formatted(made, made);
        RunResult r = f.run(pb, options(), both());
        assertEquals(0, r.exitCode(), f.console());
        for (String host : List.of("local", "remote")) {
            Event.HostResult report = on("report", host);
            assertEquals(Status.CHANGED, report.status());
            List<?> lines = (List<?>) report.values().get("stdout_lines");
            assertEquals("args:3:a b:c", lines.get(0), "arguments as the shell reads them");
            assertEquals("pwd:/tmp", lines.get(2));
            assertEquals(0, report.values().get("rc"));
            assertEquals("oops\n", report.values().get("stderr"));
        }
        r = f.run(pb, options(), both());
        assertEquals(0, r.exitCode(), f.console());
        for (String host : List.of("local", "remote")) {
            assertEquals(Status.SKIPPED, on("report", host).status(), "creates exists: not run again");
            assertTrue(String.valueOf(on("report", host).values().get("msg")).endsWith("exists, matching creates option"));
        }
    }

    @Test
    void inCheckModeAScriptIsSkippedOrWithCreatesChangedAndRawIsSkipped() throws Exception {
        Path marker = dir.resolve("marker");
        RunResult r = f.run("""
                - hosts: local
                  gather_facts: false
                  tasks:
                    - name: plain
                      script: report.sh x y %s
                    - name: with creates
                      script: report.sh x y %s
                      args:
                        creates: %s
                    - name: raw
                      raw: touch %s
                """.formatted(marker, marker, marker, marker), RunOptions.defaults().withCheck(true), both());
        assertEquals(0, r.exitCode(), f.console());
        assertEquals(Status.SKIPPED, f.status("plain"));
        assertEquals("Check mode is not supported for this task.", f.result("plain").values().get("msg"));
        assertEquals(Status.CHANGED, f.status("with creates"));
        assertEquals(Status.SKIPPED, f.status("raw"));
        assertFalse(Files.exists(marker), "nothing ran");
    }

    @Test
    void aFailingScriptOrRawFailsWithItsExitStatusAndOutput() throws Exception {
        RunResult r = f.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: failing script
                      script: report.sh
                      environment:
                        EXIT: "3"
                      ignore_errors: true
                    - name: failing raw
                      raw: echo partial; exit 4
                      ignore_errors: true
                    - name: raw with bash
                      raw: echo $((6 * 7)) "${BASH_VERSION:+bash}"
                      args:
                        executable: /bin/bash
                """, options(), both());
        assertEquals(0, r.exitCode(), f.console());
        for (String host : List.of("local", "remote")) {
            Event.HostResult s = on("failing script", host);
            assertEquals(Status.FAILED, s.status());
            assertEquals(3, s.values().get("rc"));
            assertEquals("non-zero return code", s.values().get("msg"));
            Event.HostResult raw = on("failing raw", host);
            assertEquals(4, raw.values().get("rc"));
            assertEquals("partial\n", raw.values().get("stdout"));
            assertEquals("42 bash\n", on("raw with bash", host).values().get("stdout"));
            assertEquals(Status.CHANGED, on("raw with bash", host).status());
        }
    }

    @Test
    void aMissingScriptAndARelativeChdirAreClearErrors() throws Exception {
        RunResult r = f.run("""
                - hosts: local
                  gather_facts: false
                  tasks:
                    - name: missing
                      script: nowhere.sh --flag
                """, RunOptions.defaults(), both());
        assertEquals(RunResult.HOST_FAILED, r.exitCode());
        assertTrue(f.console().contains("script: script 'nowhere.sh' not found: no file at "), f.console());
        assertTrue(f.console().contains("put it in the playbook's files/ directory"), f.console());
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> f.run("""
                - hosts: local
                  gather_facts: false
                  tasks:
                    - name: relative
                      script: report.sh
                      args:
                        chdir: tmp
                """, RunOptions.defaults(), both()));
        assertTrue(e.getMessage().contains("site.yml:5:15, task 'relative'"), e.getMessage());
        assertTrue(e.getMessage().contains("chdir 'tmp' must be an absolute path"), e.getMessage());
    }
}
