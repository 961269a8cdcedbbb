package dev.kvmforge.runner.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.Status;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.testkit.LoopbackSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reboot} over SSH to a real sshd on loopback. This machine must not reboot, so the "reboot" is the host's
 * sshd killed by the task's {@code reboot_command} (as a reboot cuts it) and started again by the test a moment
 * later, with a new boot id in a file ({@code boot_time_command}): the module's real flow, its logins and its
 * waiting. The refusals are checked where they cannot reboot anything: the local connection, and PID 1 in check mode.
 */
class RebootTest {

    @TempDir
    Path dir;

    LoopbackSshd sshd;
    PlaybookFixture f;

    @BeforeEach
    void setUp() {
        sshd = new LoopbackSshd().withAddress("127.0.22.8").start();
        f = new PlaybookFixture(dir);
    }

    @AfterEach
    void tearDown() {
        sshd.close();
    }

    private Inventory inventory() {
        return Inventory.parse(("box ansible_host=%s ansible_port=%d ansible_user=%s ansible_ssh_private_key_file=%s"
                + " ansible_become_password='%s'\nhere ansible_connection=local\n").formatted(sshd.host(), sshd.port(),
                sshd.user(), sshd.ed25519Key(), sshd.password()), "hosts.ini");
    }

    private RunOptions options() {
        return f.trusting(sshd);
    }

    @Test
    void rebootsWaitsForTheNewBootAndTheNextTaskRunsOnTheHostBack() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path bootId = Files.writeString(dir.resolve("boot_id"), "first\n");
        Files.setPosixFilePermissions(bootId, PosixFilePermissions.fromString("rw-rw-rw-"));
        String config = sshd.directory().resolve("sshd_confi[g]").toString(); // not matching its own command line
        AtomicBoolean done = new AtomicBoolean();
        Thread bringsBack = new Thread(() -> {
            while (!done.get()) {
                if (!sshd.isRunning()) {
                    try {
                        Thread.sleep(1500); // down for a while, as a rebooting machine is
                    } catch (InterruptedException e) {
                        return;
                    }
                    sshd.resume();
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        bringsBack.start();
        try {
            RunResult r = f.run("""
                    - hosts: box
                      gather_facts: false
                      become: true
                      tasks:
                        - name: reboot
                          reboot:
                            reboot_command: "sh -c 'echo second > %s; pkill -f %s'"
                            boot_time_command: cat %s
                            reboot_timeout: 30
                          register: rebooted
                        - name: back
                          command: cat %s
                    """.formatted(bootId, config, bootId, bootId), options(), inventory());
            assertEquals(0, r.exitCode(), f.console());
            Event.HostResult reboot = f.result("reboot");
            assertEquals(Status.CHANGED, reboot.status());
            assertEquals(true, reboot.values().get("rebooted"));
            assertTrue((Integer) reboot.values().get("elapsed") >= 1, reboot.values().toString());
            assertEquals("second", f.result("back").values().get("stdout"));
        } finally {
            done.set(true);
            bringsBack.join();
        }
    }

    @Test
    void theControlNodeIsNeverRebootedAndAHostWithoutAnInitIsRefusedUnlessTold() throws Exception {
        RunResult local = f.run("""
                - hosts: here
                  gather_facts: false
                  tasks:
                    - name: reboot
                      reboot:
                """, options(), inventory());
        assertEquals(RunResult.HOST_FAILED, local.exitCode());
        assertTrue(f.result("reboot").message().contains("Running reboot with local connection would reboot the"
                + " control node."), f.result("reboot").message());

        String pid1 = Files.readString(Path.of("/proc/1/comm")).strip();
        boolean init = List.of("systemd", "init", "openrc-init", "runit", "s6-svscan", "busybox").contains(pid1);
        RunResult r = f.run("""
                - hosts: box
                  gather_facts: false
                  tasks:
                    - name: reboot
                      reboot:
                """, options().withCheck(true), inventory());
        if (init) {
            assertEquals(Status.CHANGED, f.status("reboot"), "check mode plans the reboot and runs nothing");
        } else {
            assertEquals(RunResult.HOST_FAILED, r.exitCode());
            assertTrue(f.result("reboot").message().contains("its PID 1 is '" + pid1 + "', not an init"),
                    f.result("reboot").message());
        }
    }
}
