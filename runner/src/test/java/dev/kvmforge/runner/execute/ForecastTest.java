package dev.kvmforge.runner.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.event.Status;
import dev.kvmforge.runner.libvirt.LocalLibvirtd;
import dev.kvmforge.testkit.GuestAcceleration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Check mode sees what earlier tasks of the same dry run would have made, and still changes nothing. */
@DisplayNameGeneration(GuestAcceleration.Named.class)
class ForecastTest {

    @TempDir
    Path dir;

    PlaybookFixture f;

    @BeforeEach
    void setUp() {
        f = new PlaybookFixture(dir);
    }

    @Test
    void aDiskInAFolderAnEarlierTaskWouldCreateIsPlannedNotRefused() {
        Path images = dir.resolve("images");
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: folder
                      file:
                        path: %s
                        state: directory
                    - name: disk
                      qemu_img:
                        path: %s/a.qcow2
                        size: 1G
                """.formatted(images, images), RunOptions.defaults().withCheck(true));
        assertEquals(0, r.exitCode(), f.events.toString());
        assertEquals(Status.CHANGED, f.status("disk"));
        assertFalse(Files.exists(images), "check mode created the folder");
    }

    @Test
    void aDomainOnADiskAnEarlierTaskWouldCreateIsPlannedNotRefused() {
        LocalLibvirtd.ensureRunning();
        Path disk = dir.resolve("kvmf-test-forecast.qcow2");
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: disk
                      qemu_img:
                        path: %s
                        size: 64M
                    - name: vm
                      libvirt_domain:
                        name: kvmf-test-forecast
                        memory_mb: 64
                        domain_type: %s
                        disks:
                          - path: %s
                            format: qcow2
                        state: running
                """.formatted(disk, GuestAcceleration.ofThisMachine().domainType(), disk),
                RunOptions.defaults().withCheck(true));
        assertEquals(0, r.exitCode(), f.events.toString());
        assertTrue(f.result("vm").changes().stream().anyMatch(c -> c.summary().startsWith("define domain kvmf-test-forecast")),
                f.result("vm").changes().toString());
        assertFalse(Files.exists(disk));
    }

    @Test
    void withoutAnEarlierTaskAMissingDiskIsStillAnError() {
        LocalLibvirtd.ensureRunning();
        RunResult r = f.run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: vm
                      libvirt_domain:
                        name: kvmf-test-forecast
                        memory_mb: 64
                        domain_type: %s
                        disks:
                          - path: %s/missing.qcow2
                        state: running
                """.formatted(GuestAcceleration.ofThisMachine().domainType(), dir), RunOptions.defaults().withCheck(true));
        assertEquals(RunResult.HOST_FAILED, r.exitCode());
        assertTrue(f.result("vm").message().contains("does not exist"), f.result("vm").message());
    }
}
