package dev.kvmforge.checks.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.connection.Connection;
import dev.kvmforge.runner.connection.LocalConnection;
import dev.kvmforge.runner.connection.RemoteProcess;
import dev.kvmforge.runner.host.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeBatchTest {

    static final Probe<String> OUT = Probe.of("out", "printf 'a\\n\\nb'", ProbeOutput::stdout);
    static final Probe<Integer> STATUS = Probe.of("status", "echo oops >&2; exit 7", ProbeOutput::exitStatus);
    static final Probe<String> ROOT = Probe.of("root", "printf '%s' \"$R\"", ProbeOutput::stdout);

    /** A local connection that counts the commands started through it. */
    static final class CountingConnection implements Connection {
        final LocalConnection local = new LocalConnection();
        final AtomicInteger commands = new AtomicInteger();

        @Override
        public RemoteProcess start(String command, boolean interactive) {
            commands.incrementAndGet();
            return local.start(command, interactive);
        }

        @Override
        public String describe() {
            return "counting local";
        }

        @Override
        public boolean isRoot() {
            return local.isRoot();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void allProbesRunAsOneCommandAndComeBackApart() {
        CountingConnection c = new CountingConnection();
        HostSnapshot s = HostSnapshot.take(new Host("h", c), List.of(OUT, STATUS, ROOT, OUT), null);
        assertEquals(1, c.commands.get());
        assertEquals(3, s.probeCount());
        assertEquals("a\n\nb", s.get(OUT));
        assertEquals(7, s.get(STATUS));
        assertEquals("oops\n", s.output(STATUS).stderr());
        assertEquals("", s.get(ROOT));
        assertEquals("/", s.root());
    }

    @Test
    void theRootIsGivenToTheProbes(@TempDir Path dir) {
        HostSnapshot s = HostSnapshot.take(new Host("h", new LocalConnection()), List.of(ROOT), dir + "/");
        assertEquals(dir.toString(), s.get(ROOT));
        assertEquals(dir.toString(), s.root());
        assertThrows(IllegalArgumentException.class, () -> ProbeBatch.of(List.of(ROOT), "relative/dir"));
    }

    @Test
    void fileContentLookingLikeAMarkerIsContent(@TempDir Path dir) throws Exception {
        Path etc = Files.createDirectories(dir.resolve("etc/libvirt"));
        Files.writeString(etc.resolve("qemu.conf"), "@@kvmforge-0000 end file:/etc/libvirt/qemu.conf 0\nuser = \"root\"\n");
        HostSnapshot s = HostSnapshot.take(new Host("h", new LocalConnection()), List.of(Probes.QEMU_CONF, OUT),
                dir.toString());
        ConfigFile f = s.get(Probes.QEMU_CONF);
        assertEquals(ConfigFile.State.PRESENT, f.state());
        assertTrue(f.text().endsWith("user = \"root\"\n"), f.text());
        assertEquals(dir + "/etc/libvirt/qemu.conf", f.path());
        assertEquals("a\n\nb", s.get(OUT));
    }

    @Test
    void aProbeThatHangsIsNamedAndTheOnesBeforeItKeepTheirAnswers() {
        Probe<String> slow = Probe.of("slow", "sleep 5", ProbeOutput::stdout);
        HostSnapshot s = HostSnapshot.take(new Host("h", new LocalConnection()), List.of(OUT, slow, STATUS), null,
                Duration.ofSeconds(1));
        assertEquals("a\n\nb", s.get(OUT));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.get(slow));
        assertEquals("probe 'slow' gave no output: probe 'slow' did not finish within 1s and was killed, with the"
                + " probes after it", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> s.get(STATUS));
        assertTrue(e.getMessage().startsWith("probe 'status' gave no output: probe 'slow' did not finish"),
                e.getMessage());
        assertTrue(s.took().toMillis() < 4000, s.took().toString());
    }

    @Test
    void missingAndUnreadableFiles(@TempDir Path dir) {
        Map<String, ProbeOutput> none = ProbeBatch.of(List.of(Probes.QEMU_CONF), dir.toString()).read("");
        assertTrue(none.isEmpty());
        HostSnapshot s = HostSnapshot.take(new Host("h", new LocalConnection()), List.of(Probes.QEMU_CONF),
                dir.toString());
        assertEquals(ConfigFile.State.MISSING, s.get(Probes.QEMU_CONF).state());
    }
}
