package dev.kvmforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) during a run lets the running task finish, prints the recap and exits 99. Runs kvmforge in its own
 * JVM, since the process ends.
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.kvmforge.cli.Kvmforge", "run", pb.toString())
                .redirectErrorStream(true).start();
        StringBuffer out = new StringBuffer();
        Thread reader = new Thread(() -> copy(p.getInputStream(), out));
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!out.toString().contains("TASK [slow]") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(300);
        Process ctrlC = new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).inheritIO().start();
        assertEquals(0, ctrlC.waitFor());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), out.toString());
        reader.join(5000);
        assertEquals(99, p.exitValue(), out.toString());
        assertTrue(out.toString().contains("PLAY RECAP"), out.toString());
        assertTrue(out.toString().contains("User interrupted execution"), out.toString());
        assertFalse(out.toString().contains("TASK [after]"), out.toString());
    }

    private static void copy(InputStream in, StringBuffer into) {
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                into.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            into.append("\n[read failed: ").append(e).append("]");
        }
    }
}
