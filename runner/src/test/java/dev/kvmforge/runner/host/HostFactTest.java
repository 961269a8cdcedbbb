package dev.kvmforge.runner.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kvmforge.runner.connection.ExecRequest.Become;
import dev.kvmforge.runner.connection.LocalConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fact is read once per host, run and user, shared by every view of the host, and kept as operations say. */
class HostFactTest {

    @TempDir
    Path dir;

    @Test
    void aFactIsReadOncePerUserUntilForgottenAndKeepsWhatAnOperationSays() throws Exception {
        Path count = dir.resolve("reads");
        HostFact<Integer> reads = HostFact.of("test-reads", "echo x >> '" + count + "'; wc -l < '" + count + "'",
                out -> Integer.parseInt(out.strip()));
        Host host = new Host("local", new LocalConnection());

        assertEquals(1, host.fact(reads));
        assertEquals(1, host.withEnvironment(java.util.Map.of("A", "b")).fact(reads), "views share the cache");
        assertEquals(1, Files.readAllLines(count).size(), "read once");

        Host asRoot = host.withBecome(new Become("root", null));
        assertEquals(2, asRoot.fact(reads), "another user reads it again: root may see what the login user may not");
        assertEquals(2, asRoot.fact(reads));

        host.know(reads, 40);
        assertEquals(40, host.fact(reads), "an operation's word is kept for the tasks after it");
        assertEquals(2, asRoot.fact(reads));

        host.forgetFacts();
        assertEquals(3, host.fact(reads), "forgotten: read again");
    }
}
