package dev.kvmforge.runner.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.Status;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.testkit.LoopbackSshd;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wait_for_connection} against a real sshd on loopback that is down when the play starts (as a booting VM is)
 * and comes up while the task waits; one that never comes up; check mode.
 */
class WaitForConnectionTest {

    @TempDir
    Path dir;

    LoopbackSshd sshd;
    PlaybookFixture f;

    @BeforeEach
    void setUp() {
        sshd = new LoopbackSshd().withAddress("127.0.22.6").start();
        f = new PlaybookFixture(dir);
    }

    @AfterEach
    void tearDown() {
        sshd.close();
    }

    private Inventory inventory() {
        return Inventory.parse("vm ansible_host=%s ansible_port=%d ansible_user=%s ansible_ssh_private_key_file=%s\n"
                .formatted(sshd.host(), sshd.port(), sshd.user(), sshd.ed25519Key()), "hosts.ini");
    }

    private RunOptions options() {
        return f.trusting(sshd);
    }

    @Test
    void waitsForAHostThatComesUpAndTheNextTaskRunsOnIt() throws Exception {
        sshd.pause();
        CompletableFuture<Void> boot = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(2500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sshd.resume();
        });
        RunResult r = f.run("""
                - hosts: vm
                  gather_facts: false
                  tasks:
                    - name: wait
                      wait_for_connection:
                        timeout: 30
                      register: waited
                    - name: on it
                      command: id -un
                """, options(), inventory());
        boot.join();
        assertEquals(0, r.exitCode(), f.console());
        Event.HostResult waited = f.result("wait");
        assertEquals(Status.OK, waited.status());
        assertTrue((Integer) waited.values().get("elapsed") >= 2, waited.values().toString());
        assertEquals(sshd.user(), f.result("on it").values().get("stdout"));
        assertEquals(0, r.hosts().get("vm").unreachable());
    }

    @Test
    void aHostThatNeverAnswersFailsTheTaskAfterTheTimeoutAndCheckModeSkips() throws Exception {
        sshd.pause();
        RunResult r = f.run("""
                - hosts: vm
                  gather_facts: false
                  tasks:
                    - name: wait
                      wait_for_connection: timeout=2
                """, options(), inventory());
        assertEquals(RunResult.HOST_FAILED, r.exitCode(), f.console());
        String msg = f.result("wait").message();
        assertTrue(msg.startsWith("timed out waiting for ping module test: "), msg);
        assertEquals(0, r.hosts().get("vm").unreachable(), "failed, not unreachable, as in Ansible");

        RunResult check = f.run("""
                - hosts: vm
                  gather_facts: false
                  tasks:
                    - name: wait
                      wait_for_connection: timeout=2
                """, options().withCheck(true), inventory());
        assertEquals(0, check.exitCode(), f.console());
        assertEquals(Status.SKIPPED, f.status("wait"));
    }
}
