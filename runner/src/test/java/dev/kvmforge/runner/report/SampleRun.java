package dev.kvmforge.runner.report;

import dev.kvmforge.runner.error.SourceLocation;
import dev.kvmforge.runner.event.Event;
import dev.kvmforge.runner.event.EventListener;
import dev.kvmforge.runner.event.HostStats;
import dev.kvmforge.runner.event.Status;
import dev.kvmforge.runner.modules.Change;
import dev.kvmforge.runner.modules.Diff;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Events as the executor emits them, for feeding reporters in tests. */
final class SampleRun {

    static final SourceLocation PLAY = new SourceLocation("site.yml", 1, 3);
    static final SourceLocation INSTALL = new SourceLocation("site.yml", 5, 7);
    static final SourceLocation LOOP = new SourceLocation("site.yml", 9, 7);
    static final SourceLocation CHECK = new SourceLocation("site.yml", 14, 7);

    private SampleRun() {
    }

    static Event.HostResult result(String host, String task, SourceLocation at, Status status, String item,
                                   String message, Map<String, Object> values) {
        return new Event.HostResult(host, task, at, status, item, message, List.of(), List.of(), values,
                false, Duration.ofMillis(250));
    }

    /** Two hosts; one install task (changed/ok), a loop, a failing check ignored on one host and failing on another. */
    static void feed(EventListener l) {
        l.on(new Event.RunStarted(Instant.parse("2026-11-02T10:00:00Z"), "site.yml", false, false));
        l.on(new Event.PlayStarted("KVM hosts", "kvm", List.of("web1", "db-server-long-name")));
        l.on(new Event.TaskStarted("install qemu", "command", INSTALL, false));
        l.on(new Event.HostResult("web1", "install qemu", INSTALL, Status.CHANGED, null, null,
                List.of(Change.of("install qemu-kvm")), List.of(), Map.of("changed", true, "rc", 0), false,
                Duration.ofMillis(1500)));
        l.on(result("db-server-long-name", "install qemu", INSTALL, Status.OK, null, null, Map.of("rc", 0)));
        l.on(new Event.TaskStarted("make disks", "command", LOOP, false));
        l.on(result("web1", "make disks", LOOP, Status.CHANGED, "a.qcow2", null, Map.of()));
        l.on(result("web1", "make disks", LOOP, Status.SKIPPED, "b.qcow2", null, Map.of()));
        l.on(result("web1", "make disks", LOOP, Status.CHANGED, null, null, Map.of()));
        l.on(result("db-server-long-name", "make disks", LOOP, Status.FAILED, "a.qcow2", "disk full", Map.of()));
        l.on(result("db-server-long-name", "make disks", LOOP, Status.FAILED, null, "One or more items failed",
                Map.of()));
        l.on(new Event.TaskStarted("check kvm", "command", CHECK, false));
        l.on(new Event.HostResult("web1", "check kvm", CHECK, Status.FAILED, null, "no /dev/kvm", List.of(),
                List.of(), Map.of(), true, Duration.ofMillis(10)));
        l.on(new Event.Warning("web1", "nested virtualization is off"));
        Map<String, HostStats> recap = new LinkedHashMap<>();
        recap.put("web1", new HostStats(2, 2, 0, 0, 0, 0, 1));
        recap.put("db-server-long-name", new HostStats(1, 0, 0, 1, 0, 0, 0));
        l.on(new Event.Recap(recap));
        l.on(new Event.RunFinished(2, Duration.ofSeconds(3), false));
        l.close();
    }

    static Diff diff() {
        return new Diff("/etc/libvirt/qemu.conf", "a\nb\nc\n", "a\nB\nc\nd\n");
    }
}
