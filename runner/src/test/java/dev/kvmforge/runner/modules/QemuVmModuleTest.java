package dev.kvmforge.runner.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.modules.QemuRunDir.QemuProcess;
import dev.kvmforge.testkit.BootSectorGuest;
import dev.kvmforge.testkit.GuestAcceleration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qemu_vm} with the real QEMU on this machine, booting {@link BootSectorGuest}: under KVM where /dev/kvm is
 * usable, under software emulation (TCG) where it is not. Every VM runs from a temporary run directory with 64 MiB and
 * no network; each test stops what it started.
 */
@DisplayNameGeneration(GuestAcceleration.Named.class)
class QemuVmModuleTest {

    /** How guests run here: the accelerator the tests ask for. */
    private static final GuestAcceleration MACHINE = GuestAcceleration.ofThisMachine();

    /** Seconds on an idle machine; far more when the shared cores are busy. */
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<QemuRunDir> started = new ArrayList<>();

    /** Quits every VM a test started through QMP, and kills it as a last resort. */
    @AfterEach
    void stopWhatWasStarted() throws InterruptedException {
        for (QemuRunDir run : started) {
            Optional<QemuProcess> vm = run.running(TaskRun.LOCAL);
            if (vm.isEmpty()) {
                continue;
            }
            try {
                run.monitor(TaskRun.LOCAL).execute("quit");
            } catch (KvmforgeException e) {
                // the kill below
            }
            for (int i = 0; i < 50 && run.running(TaskRun.LOCAL).isPresent(); i++) {
                Thread.sleep(100);
            }
            if (run.running(TaskRun.LOCAL).isPresent()) {
                TaskRun.LOCAL.run("kill -KILL " + vm.get().pid());
            }
        }
    }

    private Map<String, Object> vm(String disk, Object... more) {
        QemuRunDir run = new QemuRunDir(dir.resolve("run").toString());
        started.add(run);
        Map<String, Object> m = new HashMap<>();
        m.put("name", "kvmforge-test-" + UUID.randomUUID().toString().substring(0, 8));
        m.put("disk", disk);
        m.put("memory_mb", 64);
        m.put("run_dir", run.path());
        m.put("accel", MACHINE.qemuAccel());
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    private static String awaitSerial(Path log, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        String text = "";
        while (System.nanoTime() < deadline) {
            text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains(BootSectorGuest.MARKER)) {
                return text;
            }
            Thread.sleep(100);
        }
        return text;
    }

    @Test
    void theGuestBootsOnceTheWayThisMachineRunsGuestsAndWritesItsMarker() throws Exception {
        Path disk = BootSectorGuest.writeRawImage(dir.resolve("guest.img"));
        Map<String, Object> a = vm(disk.toString());
        QemuRunDir run = new QemuRunDir((String) a.get("run_dir"));

        TaskRun dry = TaskRun.check(new QemuVmModule(), a);
        assertTrue(dry.changed());
        assertEquals(List.of("start " + a.get("name") + " (" + MACHINE.qemuAccel() + ", 64 MiB, 1 vCPU, disk " + disk
                + ")"), dry.summaries());
        assertEquals(run.cmdlineFile(), dry.diffs().get(0).path());
        assertTrue(run.running(TaskRun.LOCAL).isEmpty(), "check mode starts nothing");

        TaskRun first = TaskRun.run(new QemuVmModule(), a);
        assertTrue(first.changed(), first.result().toString());
        assertTrue(run.running(TaskRun.LOCAL).isPresent());
        String serial = awaitSerial(Path.of(run.serialLog()), BOOT_LIMIT);
        assertTrue(serial.contains(BootSectorGuest.MARKER), "serial log: " + serial);
        assertEquals(first.result().values().get("cmdline") + "\n", Files.readString(Path.of(run.cmdlineFile())));
        assertEquals(MACHINE.kvm(), run.monitor(TaskRun.LOCAL).execute("query-kvm").path("enabled").asBoolean(),
                "QMP query-kvm says whether KVM is enabled: it must be exactly where this machine has it");

        TaskRun second = TaskRun.run(new QemuVmModule(), a);
        assertFalse(second.changed(), second.summaries().toString());
        assertEquals(first.result().values().get("pid"), second.result().values().get("pid"));
    }

    @Test
    void aRunningVmIsNeitherRedefinedNorItsDiskRemovedThenStopsThroughQmp() throws Exception {
        Path base = BootSectorGuest.writeRawImage(dir.resolve("guest.img"));
        Path overlay = dir.resolve("overlay.qcow2");
        TaskRun.run(new QemuImageModule(), Map.of("path", overlay.toString(), "backing_file", base.toString()));
        Map<String, Object> a = vm(overlay.toString());
        QemuRunDir run = new QemuRunDir((String) a.get("run_dir"));
        TaskRun.run(new QemuVmModule(), a);
        assertTrue(awaitSerial(Path.of(run.serialLog()), BOOT_LIMIT).contains(BootSectorGuest.MARKER));
        int pid = run.running(TaskRun.LOCAL).orElseThrow().pid();

        Map<String, Object> bigger = new HashMap<>(a);
        bigger.put("memory_mb", 128);
        KvmforgeException redefined = assertThrows(KvmforgeException.class,
                () -> TaskRun.run(new QemuVmModule(), bigger));
        assertTrue(redefined.getMessage().contains("must be stopped first"), redefined.getMessage());

        KvmforgeException inUse = assertThrows(KvmforgeException.class, () -> TaskRun.run(new QemuImageModule(),
                Map.of("path", overlay.toString(), "state", "absent", "remove_image", true)));
        assertTrue(inUse.getMessage().contains("in use by a running VM"), inUse.getMessage());
        assertEquals(pid, run.running(TaskRun.LOCAL).orElseThrow().pid(), "the VM still runs, untouched");
        assertTrue(Files.exists(overlay));

        Map<String, Object> stop = Map.of("name", a.get("name"), "run_dir", run.path(), "state", "stopped",
                "stop_timeout", 1);
        assertEquals(List.of("stop " + a.get("name") + " (pid " + pid + "): system_powerdown, then quit after 1 s"),
                TaskRun.check(new QemuVmModule(), stop).summaries());
        TaskRun stopped = TaskRun.run(new QemuVmModule(), stop);
        assertTrue(stopped.changed());
        // the boot sector has no ACPI: it ignores the power button, so QMP quit ends it
        assertEquals("quit through QMP after 1 s", stopped.result().values().get("stopped_by"));
        assertTrue(run.running(TaskRun.LOCAL).isEmpty());
        assertFalse(TaskRun.LOCAL.run("kill -0 " + pid + " && grep -q qemu /proc/" + pid + "/cmdline").ok());
        assertFalse(TaskRun.run(new QemuVmModule(), stop).changed());
    }

    @Test
    void aNameThatIsShellCodeIsRefusedBeforeAnythingRuns() {
        Path marker = dir.resolve("pwned");
        for (String name : List.of("x; touch " + marker, "a b", "it's", "$(touch " + marker + ")", "", "..",
                "-daemonize", "x".repeat(65))) {
            Map<String, Object> a = vm(dir.resolve("guest.img").toString(), "name", name);
            KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.run(new QemuVmModule(), a), name);
            assertTrue(e.getMessage().contains("'name' must be 1 to 64 of the characters"), e.getMessage());
        }
        assertFalse(Files.exists(marker));
        assertFalse(Files.exists(dir.resolve("run")), "no run directory made");
    }

    @Test
    void badDefinitionsAreErrorsBeforeAnythingStarts() {
        String disk = BootSectorGuest.writeRawImage(dir.resolve("guest.img")).toString();
        Map<String, String> refused = Map.of(
                "vnc", "'vnc' must be a loopback display",
                "memory_mb", "'memory_mb' 99999999 is more than the host's",
                "cdrom", "'cdrom' " + dir.resolve("missing.iso") + " does not exist",
                "extra_args", "'extra_args' may not set -vnc",
                "boot", "'boot' is an order of c (disk), d (CD-ROM) and n (network)");
        Map<String, Object> values = Map.of("vnc", "0.0.0.0:0", "memory_mb", 99_999_999,
                "cdrom", dir.resolve("missing.iso").toString(), "extra_args", List.of("-vnc", ":0"), "boot", "dd");
        refused.forEach((param, message) -> {
            KvmforgeException e = assertThrows(KvmforgeException.class,
                    () -> TaskRun.run(new QemuVmModule(), vm(disk, param, values.get(param))), param);
            assertTrue(e.getMessage().contains(message), e.getMessage());
        });
        KvmforgeException missing = assertThrows(KvmforgeException.class,
                () -> TaskRun.run(new QemuVmModule(), vm(dir.resolve("none.img").toString())));
        assertTrue(missing.getMessage().contains("'disk' " + dir.resolve("none.img") + " does not exist"),
                missing.getMessage());
        assertFalse(Files.exists(dir.resolve("run")), "nothing started, no run directory made");
    }

    @Test
    void theTutorialsLaunchInCheckModeQuotesEveryWordAndOpensNoNetwork() throws Exception {
        String disk = BootSectorGuest.writeRawImage(dir.resolve("guest, a.img")).toString();
        Path iso = Files.write(dir.resolve("installer.iso"), new byte[2048]);
        TaskRun dry = TaskRun.check(new QemuVmModule(), vm(disk, "cdrom", iso.toString(), "boot", "d",
                "memory_mb", 2048, "extra_args", List.of("-smbios", "type=1,serial=a b;c")));
        assertEquals(List.of("start " + dry.result().values().get("name") + " (" + MACHINE.qemuAccel() + ", 2048 MiB, 1 vCPU, disk " + disk
                + ", cdrom " + iso + ", boot d)"), dry.summaries());
        String cmdline = (String) dry.result().values().get("cmdline");
        assertTrue(cmdline.contains(" -m 2048 "), cmdline);
        assertTrue(cmdline.contains("'file=" + dir.resolve("guest,, a.img") + ",format=raw,if=ide,index=0,media=disk'"),
                cmdline);
        assertTrue(cmdline.contains(" -boot order=d "), cmdline);
        assertTrue(cmdline.contains(" -display none ") && cmdline.contains(" -nic none "), cmdline);
        assertTrue(cmdline.endsWith(" -smbios 'type=1,serial=a b;c'"), cmdline);
        List<String> words = Words.split(cmdline);
        assertEquals("type=1,serial=a b;c", words.get(words.size() - 1), "one word, as the shell reads it back");
        assertEquals(dir.resolve("run/qemu.pid").toString(), words.get(words.indexOf("-pidfile") + 1));
    }

    @Test
    void autoTakesKvmWhereTheDeviceOpensAndSoftwareEmulationWithAWarningElsewhere() throws Exception {
        Path disk = BootSectorGuest.writeRawImage(dir.resolve("guest.img"));
        Map<String, Object> a = vm(disk.toString(), "accel", "auto");
        QemuRunDir run = new QemuRunDir((String) a.get("run_dir"));
        TaskRun dry = TaskRun.check(new QemuVmModule(), a);
        assertEquals(List.of("start " + a.get("name") + " (" + MACHINE.qemuAccel() + ", 64 MiB, 1 vCPU, disk " + disk
                + ")"), dry.summaries());
        TaskRun first = TaskRun.run(new QemuVmModule(), a);
        assertTrue(awaitSerial(Path.of(run.serialLog()), BOOT_LIMIT).contains(BootSectorGuest.MARKER));
        assertTrue(((String) first.result().values().get("cmdline")).contains(" -accel " + MACHINE.qemuAccel() + " "));
        assertEquals(MACHINE.kvm(), run.monitor(TaskRun.LOCAL).execute("query-kvm").path("enabled").asBoolean());
        String warnings = String.valueOf(first.result().values().get("warnings"));
        assertEquals(!MACHINE.kvm(), warnings.contains("runs under software emulation (accel tcg)"), warnings);
        assertFalse(TaskRun.run(new QemuVmModule(), a).changed(), "auto decides the same way again");
    }

    @Test
    void kvmStartsWhereTheDeviceOpensAndIsOneClearErrorNamingTheWayOnElsewhere() throws Exception {
        Path disk = BootSectorGuest.writeRawImage(dir.resolve("guest.img"));
        Map<String, Object> a = vm(disk.toString(), "accel", "kvm");
        if (MACHINE.kvm()) {
            assertTrue(TaskRun.check(new QemuVmModule(), a).changed());
            return;
        }
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> TaskRun.check(new QemuVmModule(), a));
        assertTrue(e.what().startsWith("accel kvm: VM " + a.get("name") + " needs KVM, which local does not offer"),
                e.getMessage());
        String hint = e.hint().orElseThrow();
        assertTrue(hint.contains("accel: auto") && hint.contains("kvm_required=false"), hint);
        assertFalse(Files.exists(dir.resolve("run")), "nothing started, no run directory made");
    }
}
