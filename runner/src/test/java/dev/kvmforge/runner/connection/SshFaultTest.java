package dev.kvmforge.runner.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.host.Host;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults a real sshd does not show on demand, against Apache SSHD's embedded server on 127.0.0.1: a session dropped
 * or frozen mid-command, a port that answers but never speaks SSH, and a closed port.
 */
class SshFaultTest {

    private static final String PASSWORD = "embedded-secret-" + System.nanoTime();
    /** A sleep no other process runs, so the test can end what the embedded server leaves behind. */
    private static final String SLEEP = "sleep 59." + (1000 + new java.util.Random().nextInt(9000));

    @TempDir
    Path tmp;
    /** What the server runs when the client opens a persistent shell; a test may break it. */
    private volatile String shellCommand = PersistentShell.COMMAND;
    private SshServer server;
    private SshConnector connector;
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(tmp.resolve("hostkey")));
        server.setPasswordAuthenticator((user, password, session) -> "tester".equals(user) && PASSWORD.equals(password));
        server.setCommandFactory((channel, command) -> {
            String run = PersistentShell.COMMAND.equals(command) ? shellCommand : command;
            // SSHD 2.20 runs /bin/sh -c with the first argument and ignores the list
            return new ProcessShellFactory(run, List.of("/bin/sh", "-c", run)).createShell(channel);
        });
        server.start();
        connector = new SshConnector();
    }

    @AfterEach
    void stopServer() throws Exception {
        connector.close();
        for (AutoCloseable c : toClose) {
            c.close();
        }
        server.stop(true);
        // the embedded server runs commands as this JVM's user and does not end them when a session drops
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.endsWith(SLEEP)).orElse(false))
                .forEach(ProcessHandle::destroy);
    }

    private TestSpec spec(int port) {
        return TestSpec.to("127.0.0.1", port, "tester", tmp.resolve("known_hosts")).password(PASSWORD)
                .policy(HostKeyPolicy.OFF);
    }

    @Test
    void embeddedServerRunsCommands() {
        Host host = new Host("embedded", connector.open("embedded", spec(server.getPort()).build()));
        ExecResult r = host.run("echo out; echo err >&2; exit 5");
        assertEquals("out\n", r.stdout());
        assertEquals("err\n", r.stderr());
        assertEquals(5, r.exitStatus());
    }

    @Test
    void sessionDroppedMidCommandIsUnreachableWithinSeconds() throws Exception {
        Host host = new Host("drop-host", connector.open("drop-host", spec(server.getPort()).build()));
        CompletableFuture<ExecResult> running = CompletableFuture.supplyAsync(() -> host.run(SLEEP));
        awaitSessions(1);
        Thread.sleep(500);
        long dropped = System.nanoTime();
        server.getActiveSessions().forEach(s -> s.close(true));

        ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(10, TimeUnit.SECONDS));
        assertInstanceOf(UnreachableException.class, e.getCause(), String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().contains("the connection to drop-host"), e.getCause().getMessage());
        assertTrue(e.getCause().getMessage().contains("dropped"), e.getCause().getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - dropped).toSeconds() < 5);

        UnreachableException next = assertThrows(UnreachableException.class, () -> host.run("true"));
        assertTrue(next.getMessage().contains("dropped"), next.getMessage());
    }

    @Test
    void sessionDroppedWhileACommandReadsItsInputIsUnreachable() throws Exception {
        Host host = new Host("drop-host", connector.open("drop-host", spec(server.getPort()).build()));
        assertEquals("up\n", host.run("echo up").stdout());
        CompletableFuture<ExecResult> running = CompletableFuture.supplyAsync(
                () -> host.run("cat >/dev/null; " + SLEEP, new byte[100_000]));
        Thread.sleep(700);
        server.getActiveSessions().forEach(s -> s.close(true));
        ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(10, TimeUnit.SECONDS));
        assertInstanceOf(UnreachableException.class, e.getCause(), String.valueOf(e.getCause()));
    }

    @Test
    void aHostWithoutSetsidRunsEveryCommandOnExecChannels() throws Exception {
        shellCommand = "PATH=/nonexistent; exec /bin/sh";
        Host host = new Host("plain", connector.open("plain", spec(server.getPort()).build()));
        for (int i = 0; i < 3; i++) {
            ExecResult r = host.run("echo out " + i + "; echo err >&2; exit " + i);
            assertEquals("out " + i + "\n", r.stdout());
            assertEquals("err\n", r.stderr());
            assertEquals(i, r.exitStatus());
        }
        // (the embedded server may lose the output of a command whose stdin ends at once: check a file instead)
        Path copy = tmp.resolve("copy");
        assertEquals(0, host.run("cat > " + Shell.quote(copy.toString()), "input 9".getBytes()).exitStatus());
        assertEquals("input 9", java.nio.file.Files.readString(copy));
    }

    @Test
    void aShellThatBreaksBeforeACommandBeginsRunsItOnceOnAnExecChannel() throws Exception {
        // the shell answers its set-up frame, then exits: every command finds it gone before it begins
        shellCommand = "IFS= read -r setup; eval \"$setup\"; exit 0";
        Path log = tmp.resolve("runs");
        Host host = new Host("breaking", connector.open("breaking", spec(server.getPort()).build()));
        for (int i = 0; i < 5; i++) {
            ExecResult r = host.run("echo run " + i + " >> " + Shell.quote(log.toString()) + "; echo ok " + i);
            assertEquals("ok " + i + "\n", r.stdout());
            assertEquals(0, r.exitStatus());
        }
        assertEquals("run 0\nrun 1\nrun 2\nrun 3\nrun 4\n", java.nio.file.Files.readString(log),
                "each command ran exactly once");
    }

    @Test
    void frozenServerMidCommandIsUnreachableThroughKeepalives() throws Exception {
        Relay relay = new Relay(server.getPort());
        toClose.add(relay);
        Host host = new Host("frozen-host", connector.open("frozen-host",
                spec(relay.port()).keepalive(Duration.ofMillis(500)).build()));
        assertEquals("up\n", host.run("echo up").stdout());
        CompletableFuture<ExecResult> running = CompletableFuture.supplyAsync(() -> host.run(SLEEP));
        Thread.sleep(500);
        long frozen = System.nanoTime();
        relay.freeze();

        ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(15, TimeUnit.SECONDS));
        assertInstanceOf(UnreachableException.class, e.getCause(), String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().contains("the connection to frozen-host"), e.getCause().getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - frozen).toSeconds() < 10);
    }

    @Test
    void portThatNeverSpeaksSshTimesOut() throws Exception {
        ServerSocket silent = new ServerSocket();
        silent.bind(new InetSocketAddress("127.0.0.1", 0));
        toClose.add(silent);
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept());
                }
            } catch (IOException e) {
                // closed
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        toClose.add(() -> accepted.forEach(s -> {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }));

        long started = System.nanoTime();
        UnreachableException e = assertThrows(UnreachableException.class, () -> connector.open("silent",
                spec(silent.getLocalPort()).connectTimeout(Duration.ofSeconds(1)).build()));
        assertTrue(e.getMessage().contains("no SSH handshake from 127.0.0.1:" + silent.getLocalPort() + " within 1s"),
                e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 5_000);
    }

    @Test
    void closedPortIsRefusedQuickly() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.20.6", 0));
            port = probe.getLocalPort();
        }
        long started = System.nanoTime();
        UnreachableException e = assertThrows(UnreachableException.class, () -> connector.open("closed",
                TestSpec.to("127.0.20.6", port, "tester", tmp.resolve("known_hosts")).build()));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 3_000);
        assertTrue(e.getMessage().contains("closed: cannot connect to 127.0.20.6:" + port + ": connection refused"),
                e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("port " + port));
        assertTrue(!e.getMessage().contains("\tat "), "no stack trace in the message");
    }

    private void awaitSessions(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.getActiveSessions().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** A TCP relay to the embedded server that can stop passing bytes without closing anything: a hung server. */
    private static final class Relay implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket();
        private final int target;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private volatile boolean frozen;

        Relay(int target) throws IOException {
            this.target = target;
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread t = new Thread(this::accept, "relay-accept");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        void freeze() {
            frozen = true;
        }

        private void accept() {
            try {
                while (true) {
                    Socket client = listener.accept();
                    Socket upstream = new Socket("127.0.0.1", target);
                    sockets.add(client);
                    sockets.add(upstream);
                    pump(client.getInputStream(), upstream.getOutputStream());
                    pump(upstream.getInputStream(), client.getOutputStream());
                }
            } catch (IOException e) {
                // closed
            }
        }

        private void pump(InputStream in, OutputStream out) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        while (frozen) {
                            Thread.sleep(50);
                        }
                        out.write(buf, 0, n);
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // closed
                }
            }, "relay-pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
