package dev.kvmforge.runner.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.connection.ExecRequest.Become;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.testkit.LoopbackSshd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Commands over one SSH session to a real OpenSSH sshd: streams, status, stdin, concurrency, become, time limits. */
class SshExecTest {

    private static LoopbackSshd sshd;
    private static Path knownHosts;
    private static SshConnector connector;
    private static Connection connection;
    private Path scratch;

    @BeforeAll
    static void startServer() throws Exception {
        sshd = new LoopbackSshd().withAddress("127.0.20.1").start();
        knownHosts = Files.createTempFile("kvmforge-known_hosts", "");
        Files.writeString(knownHosts, sshd.knownHostsLine() + "\n");
        connector = new SshConnector();
        connection = connector.open("exec-host", TestSpec.to(sshd, knownHosts).key(sshd.ed25519Key()).build());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (connector != null) {
            connector.close();
        }
        if (sshd != null) {
            sshd.close();
        }
        Files.deleteIfExists(knownHosts);
    }

    /** A directory the test user may write in, removed after each test. */
    @BeforeEach
    void scratch() throws Exception {
        scratch = Path.of("/tmp", "kvmforge-ssh-" + UUID.randomUUID());
        Files.createDirectories(scratch);
        new ProcessBuilder("chown", sshd.user(), scratch.toString()).start().waitFor();
    }

    @AfterEach
    void removeScratch() throws Exception {
        new ProcessBuilder("rm", "-rf", scratch.toString()).start().waitFor();
    }

    private static Host host() {
        return new Host("exec-host", connection);
    }

    @Test
    void describesItselfAndKnowsTheLoginIsNotRoot() {
        assertEquals("ssh://" + sshd.user() + "@127.0.20.1:" + sshd.port(), connection.describe());
        assertFalse(connection.isRoot());
    }

    @Test
    void keepsStdoutStderrAndExitStatusApart() {
        ExecResult r = host().run("echo out; echo err >&2; echo more; exit 3");
        assertEquals(3, r.exitStatus());
        assertEquals("out\nmore\n", r.stdout());
        assertEquals("err\n", r.stderr());
        assertEquals(sshd.user() + "\n", host().run("id -un").stdout());
    }

    @Test
    void feedsStdinToTheCommand() {
        byte[] input = new byte[1 << 20];
        new Random(7).nextBytes(input);
        ExecResult r = host().run("od -An -tx1 -v | tr -d ' \\n' | wc -c", input);
        assertEquals(0, r.exitStatus(), r.stderr());
        assertEquals(String.valueOf(2 * input.length), r.stdout().strip());

        ExecResult echo = host().run("cat", "line one\nline two\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("line one\nline two\n", echo.stdout());
    }

    @Test
    void carriesBinaryStdinUnchanged() {
        byte[] input = new byte[256 * 1024];
        new Random(11).nextBytes(input);
        RemoteProcess p = connection.start("cat", true);
        try {
            Future<byte[]> out = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r);
                t.setDaemon(true);
                return t;
            }).submit(() -> p.stdout().readAllBytes());
            try (var in = p.stdin()) {
                in.write(input);
            }
            assertArrayEquals(input, out.get(20, TimeUnit.SECONDS));
            assertEquals(0, p.waitFor(Duration.ofSeconds(10)).orElseThrow());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void runsTwentyCommandsAtOnceOnOneSession() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<ExecResult>> results = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                int n = i;
                results.add(pool.submit(() -> host().run("sleep 0.5; echo " + n + "; echo e" + n + " >&2; exit "
                        + (n % 4))));
            }
            for (int i = 0; i < 20; i++) {
                ExecResult r = results.get(i).get(60, TimeUnit.SECONDS);
                assertEquals(i + "\n", r.stdout());
                assertEquals("e" + i + "\n", r.stderr());
                assertEquals(i % 4, r.exitStatus());
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(Duration.ofSeconds(9)) < 0, "20 x 0.5 s ran side by side, took " + took);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void carriesUnicodeBothWays() {
        String text = "grüße ✓ 日本語 — ünïcødé";
        ExecResult r = host().exec("printf", "%s\\n", text);
        assertEquals(text + "\n", r.stdout());
        ExecResult err = host().run("printf '%s\\n' " + Shell.quote(text) + " >&2");
        assertEquals(text + "\n", err.stderr());
    }

    @Test
    void becomesRootWithThePasswordOnStdinNeverInArgv() {
        Host root = host().withBecome(new Become("root", Secret.of(sshd.password())));
        ExecResult id = root.run("id -u");
        assertEquals(0, id.exitStatus(), id.stderr());
        assertEquals("0\n", id.stdout());

        ExecResult cat = root.run("cat", "to root's cat\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("to root's cat\n", cat.stdout());
        assertEquals("", cat.stderr());

        ExecResult apart = root.run("echo out; echo err >&2; exit 7");
        assertEquals(7, apart.exitStatus());
        assertEquals("out\n", apart.stdout());
        assertEquals("err\n", apart.stderr());

        ExecResult ps = root.run("ps -eo args");
        assertTrue(ps.stdout().contains("sudo"), "sudo shows in the process list: " + ps.stdout());
        assertFalse(ps.stdout().contains(sshd.password()), "password in some process's argv");
    }

    /** Commands with become run on one root shell kept open under sudo: the password is asked for once. */
    @Test
    void becomeCommandsShareAShellUnderSudo() {
        Host root = host().withBecome(new Become("root", Secret.of(sshd.password())));
        String parent = "p=$(ps -o ppid= -p $$ | tr -d ' '); printf '%s %s %s' \"$p\" \"$(ps -o comm= -p $p)\" \"$(id -u)\"";
        String first = root.run(parent).stdout();
        String second = root.run(parent).stdout();
        assertTrue(first.endsWith(" sh 0"), first);
        assertEquals(first, second);
    }

    @Test
    void wrongBecomePasswordIsAClearError() {
        Host root = host().withBecome(new Become("root", Secret.of("not-the-password-4711")));
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> root.run("id -u"));
        assertTrue(e.getMessage().contains("incorrect sudo password"), e.getMessage());
        assertFalse(TestSpec.fullText(e).contains("not-the-password-4711"));
        assertFalse(TestSpec.fullText(e).contains(sshd.password()));
    }

    @Test
    void missingBecomePasswordIsAClearError() {
        Host root = host().withBecome(new Become("root", null));
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> root.run("id -u"));
        assertTrue(e.getMessage().contains("sudo asks for a password and none was given"), e.getMessage());
    }

    @Test
    void timeLimitKillsTheRemoteCommand() throws Exception {
        String token = "kvmforge-timeout-" + UUID.randomUUID();
        String sleep = "sleep 3." + (1000 + new Random().nextInt(9000));
        Path marker = scratch.resolve("marker");
        Host limited = host().withTimeout(Duration.ofSeconds(1));
        long started = System.nanoTime();
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> limited.run(
                sleep + "; touch " + Shell.quote(marker.toString()) + "; : " + token));
        assertTrue(e.getMessage().contains("timed out after 1s and was killed"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10);
        assertTrue(processesWith(token).isEmpty(), "still running: " + processesWith(token));
        assertTrue(processesWith(sleep).isEmpty(), "still sleeping: " + processesWith(sleep));
        Thread.sleep(3_500);
        assertFalse(Files.exists(marker), "the command went on after its time limit");
        assertEquals("still usable\n", host().run("echo still usable").stdout());
    }

    @Test
    void timeLimitKillsACommandRunningUnderSudo() throws Exception {
        String token = "kvmforge-sudo-timeout-" + UUID.randomUUID();
        String sleep = "sleep 4." + (1000 + new Random().nextInt(9000));
        Path marker = scratch.resolve("root-marker");
        Host limited = host().withBecome(new Become("root", Secret.of(sshd.password())))
                .withTimeout(Duration.ofSeconds(2));
        assertThrows(KvmforgeException.class, () -> limited.run(
                sleep + "; touch " + Shell.quote(marker.toString()) + "; : " + token));
        Thread.sleep(500);
        assertTrue(processesWith(token).isEmpty(), "still running: " + processesWith(token));
        assertTrue(processesWith(sleep).isEmpty(), "still sleeping as root: " + processesWith(sleep));
        Thread.sleep(3_000);
        assertFalse(Files.exists(marker), "the command went on after its time limit");
    }

    /** Processes on this machine (where sshd runs) whose command line contains {@code text}, with their user. */
    private static List<String> processesWith(String text) throws Exception {
        Process ps = new ProcessBuilder("ps", "-eo", "user:20,args").start();
        List<String> lines = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains(text) && !l.contains("ps -eo")).toList();
        ps.waitFor();
        return lines;
    }
}
