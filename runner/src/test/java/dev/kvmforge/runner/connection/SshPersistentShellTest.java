package dev.kvmforge.runner.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.connection.ExecRequest.Become;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.testkit.LoopbackSshd;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Commands without live stdin on the shells an SSH connection keeps open, against a real OpenSSH sshd: exact
 * streams and status, no state carried from one command to the next, binary data both ways, concurrency within the
 * channel limit, time limits, and shells that break.
 */
class SshPersistentShellTest {

    /** Prints the name of the command's parent: {@code sh} on a persistent shell, {@code sshd} on an exec channel. */
    private static final String PARENT = "ps -o comm= -p $PPID";
    /** Prints the pid of the persistent shell the command runs on. */
    private static final String SHELL_PID = "echo $PPID";

    private static LoopbackSshd sshd;
    private static Path knownHosts;
    private static SshConnector connector;
    private Connection connection;
    private Path scratch;

    @BeforeAll
    static void startServer() throws Exception {
        sshd = new LoopbackSshd().withAddress("127.0.20.7").start();
        knownHosts = Files.createTempFile("kvmforge-known_hosts", "");
        Files.writeString(knownHosts, sshd.knownHostsLine() + "\n");
        connector = new SshConnector();
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

    /** A connection of its own for each test, and a directory the test user may write in. */
    @BeforeEach
    void open() throws Exception {
        connection = connector.open("shell-host", TestSpec.to(sshd, knownHosts).key(sshd.ed25519Key()).build());
        scratch = Path.of("/tmp", "kvmforge-shell-" + UUID.randomUUID());
        Files.createDirectories(scratch);
        new ProcessBuilder("chown", sshd.user(), scratch.toString()).start().waitFor();
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
        new ProcessBuilder("rm", "-rf", scratch.toString()).start().waitFor();
    }

    private Host host() {
        return new Host("shell-host", connection);
    }

    @Test
    void manyCommandsInARowKeepTheirStreamsAndStatusApartOnOneShell() {
        String shell = host().run(SHELL_PID).stdout();
        assertEquals("sh\n", host().run(PARENT).stdout(), "not on a persistent shell");
        for (int i = 0; i < 60; i++) {
            ExecResult r = host().run("echo out " + i + "; echo err " + i + " >&2; printf 'x%sy' " + i
                    + "; exit " + (i % 7));
            assertEquals("out " + i + "\nx" + i + "y", r.stdout());
            assertEquals("err " + i + "\n", r.stderr());
            assertEquals(i % 7, r.exitStatus());
        }
        assertEquals(shell, host().run(SHELL_PID).stdout(), "sequential commands reuse the one shell");
    }

    @Test
    void outputWithoutATrailingNewlineOrLookingLikeAMarkerComesBackExactly() throws Exception {
        Raw r = raw("printf abc; printf def >&2; exit 4");
        assertEquals("abc", r.stdout());
        assertEquals("def", r.stderr());
        assertEquals(4, r.status());
        assertEquals(new Raw("", "", 0), raw("true"));
        assertEquals(new Raw("kvmforge-frame:", "kvmforge-frame:x:end:", 0),
                raw("printf 'kvmforge-frame:'; printf 'kvmforge-frame:x:end:' >&2"));
        assertEquals(new Raw("k", "e", 0), raw("printf k; printf e >&2"));
        assertEquals("abc", host().run("printf abc").stdout());
    }

    @Test
    void binaryOutputAndInputOfOneMebibyteComeBackByteForByte() throws Exception {
        byte[] blob = new byte[1 << 20];
        new Random(23).nextBytes(blob);
        byte[] marker = "kvmforge-frame:".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(marker, 0, blob, 1000, marker.length);
        System.arraycopy(marker, 0, blob, blob.length - marker.length + 3, marker.length - 3);
        Path file = scratch.resolve("blob");
        Files.write(file, blob);

        assertArrayEquals(blob, runForBytes("cat " + Shell.quote(file.toString()), new byte[0]),
                "binary stdout");
        assertArrayEquals(blob, runForBytes("cat", blob), "binary stdin through cat");
        assertEquals(sha256(blob) + "\n", host().run("sha256sum | cut -d' ' -f1", blob).stdout());
        assertEquals("sh\n", host().run(PARENT).stdout());
    }

    @Test
    void inputACommandLeavesUnreadIsNeverTakenForScript() {
        Path pwned = scratch.resolve("pwned");
        byte[] input = ("\ntouch " + pwned + "\n").repeat(5000).getBytes(StandardCharsets.UTF_8);
        assertEquals(0, host().run("true", input).exitStatus());
        ExecResult partial = host().run("head -c 6 | od -c | head -1; exit 6", input);
        assertEquals(6, partial.exitStatus());
        assertTrue(partial.stdout().contains("t   o   u   c"), partial.stdout());
        assertEquals("next\n", host().run("echo next").stdout());
        assertFalse(Files.exists(pwned), "unread input ran as script");
    }

    @Test
    void aCommandWithoutInputReadsEndOfFileAtOnce() {
        ExecResult r = host().withTimeout(Duration.ofSeconds(10)).run("cat; echo after cat");
        assertEquals("after cat\n", r.stdout());
    }

    @Test
    void nothingACommandChangesInItsShellReachesTheNext() {
        String home = host().run("pwd").stdout();
        assertEquals("/tmp\n", host().run("cd /tmp && pwd").stdout());
        assertEquals(home, host().run("pwd").stdout());

        assertEquals(3, host().run("exit 3").exitStatus());
        assertEquals(0, host().run("true").exitStatus());

        host().run("X=1; export Y=2; umask 077; set -e; trap 'echo trapped' EXIT; alias ll=ls");
        assertEquals("unset unset\n", host().run("echo ${X-unset} ${Y-unset}").stdout());
        assertNotEquals("0077\n", host().run("umask").stdout());
        assertEquals(1, host().run("false; true; exit 1").exitStatus());
        assertEquals("", host().run("true").stdout(), "no EXIT trap left behind");

        host().run("exec >/dev/null 2>&1; echo gone");
        assertEquals("back\n", host().run("echo back").stdout());
        assertEquals(0, host().run("exec true").exitStatus());
        assertEquals("kvm", host().withEnvironment(java.util.Map.of("K", "kvm")).run("printf %s \"$K\"").stdout());
        assertEquals("", host().run("printf %s \"${K-}\"").stdout(), "the environment of one command only");
    }

    @Test
    void twentyCommandsAtOnceShareAtMostEightShellsAndLeaveRoomForSudo() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<ExecResult>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                results.add(pool.submit(() -> host().run("sleep 2; " + SHELL_PID + "; echo e" + n + " >&2; exit "
                        + (n % 5))));
            }
            Thread.sleep(300);
            long sudoStarted = System.nanoTime();
            ExecResult sudo = host().withBecome(new Become("root", Secret.of(sshd.password()))).run("id -u");
            Duration sudoTook = Duration.ofNanos(System.nanoTime() - sudoStarted);
            assertEquals("0\n", sudo.stdout(), sudo.stderr());
            assertTrue(sudoTook.toMillis() < 1_500, "sudo waited for a shell: " + sudoTook);

            Set<String> shells = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                ExecResult r = results.get(i).get(60, TimeUnit.SECONDS);
                assertEquals("e" + i + "\n", r.stderr());
                assertEquals(i % 5, r.exitStatus());
                shells.add(r.stdout());
            }
            assertTrue(shells.size() <= SshConnection.MAX_COMMANDS - 1, "shells: " + shells);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void timeLimitKillsACommandThatIgnoresTermAndTheShellGoesOn() throws Exception {
        String token = "kvmforge-shell-timeout-" + UUID.randomUUID();
        Path marker = scratch.resolve("marker");
        Host limited = host().withTimeout(Duration.ofSeconds(1));
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> limited.run(
                "trap '' TERM; sleep 4; touch " + Shell.quote(marker.toString()) + "; : " + token));
        assertTrue(e.getMessage().contains("timed out after 1s and was killed"), e.getMessage());
        assertTrue(processesWith(token).isEmpty(), "still running: " + processesWith(token));
        assertEquals("next\n", host().run("echo next").stdout());
        Thread.sleep(4_000);
        assertFalse(Files.exists(marker), "the command went on after its time limit");
    }

    @Test
    void outputOfWhatACommandLeftRunningNeverReachesTheNextCommand() throws Exception {
        ExecResult first = host().run("(sleep 0.5; echo late; echo late >&2) & echo first");
        assertEquals("first\n", first.stdout());
        ExecResult second = host().run("sleep 1; echo second");
        assertEquals("second\n", second.stdout());
        assertEquals("", second.stderr());
        ExecResult detached = host().run("sleep 0.3 >/dev/null 2>&1 & echo detached");
        assertEquals("detached\n", detached.stdout());
        assertEquals("third\n", host().run("echo third").stdout());
    }

    @Test
    void aShellThatDiedWhileIdleIsReplacedWithoutLosingTheCommand() throws Exception {
        String shell = host().run(SHELL_PID).stdout().strip();
        new ProcessBuilder("kill", "-KILL", shell).start().waitFor();
        for (int i = 0; i < 5; i++) {
            ExecResult r = host().run("echo again " + i);
            assertEquals("again " + i + "\n", r.stdout());
            assertEquals(0, r.exitStatus());
        }
        assertNotEquals(shell, host().run(SHELL_PID).stdout().strip());
    }

    @Test
    void aCommandThatKillsItsShellEndsWithoutStatusAndTheNextRuns() {
        ExecResult r = host().withTimeout(Duration.ofSeconds(20)).run("kill -KILL $PPID; sleep 0.2; echo orphan");
        assertEquals(255, r.exitStatus());
        assertEquals("after\n", host().run("echo after").stdout());
    }

    @Test
    void becomeWithSudoRunsOnARootShellAndTheLoginUsersShellsStayTheirOwn() {
        Host root = host().withBecome(new Become("root", Secret.of(sshd.password())));
        ExecResult r = root.run("id -u; cat", "stdin for root\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("0\nstdin for root\n", r.stdout(), r.stderr());
        assertEquals("sh\n", root.run(PARENT).stdout());
        assertEquals("sh\n", host().run(PARENT).stdout());
        assertEquals(sshd.user() + "\n", host().run("id -un").stdout());
    }

    /**
     * Idle shells of the login user that fill the session make room for a shell under sudo: one of them is closed,
     * and the become command runs on the new root shell, not under a sudo of its own.
     */
    @Test
    void idleLoginShellsMakeRoomForARootShell() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ExecResult>> fill = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                fill.add(pool.submit(() -> host().run("sleep 1; " + SHELL_PID)));
            }
            Set<String> shells = new HashSet<>();
            for (Future<ExecResult> f : fill) {
                shells.add(f.get(60, TimeUnit.SECONDS).stdout());
            }
            assertEquals(SshConnection.MAX_COMMANDS - 1, shells.size(), "the session is full of idle shells");
        } finally {
            pool.shutdownNow();
        }
        Host root = host().withBecome(new Become("root", Secret.of(sshd.password())));
        String sudoCommand = root.run("printf '%s' \"$SUDO_COMMAND\"").stdout();
        assertTrue(sudoCommand.contains(":ready"), "ran under a sudo of its own: " + sudoCommand);
    }

    @Test
    void aBecomePasswordWithALineBreakIsRefusedBeforeSudoSeesIt() throws Exception {
        Path marker = scratch.resolve("ran-as-root");
        Host root = host().withBecome(new Become("root",
                Secret.of(sshd.password() + "\ntouch " + marker)));
        KvmforgeException e = assertThrows(KvmforgeException.class, () -> root.run("id -u"));
        assertTrue(e.getMessage().contains("contains a line break"), e.getMessage());
        assertFalse(TestSpec.fullText(e).contains(sshd.password()));
        assertFalse(Files.exists(marker), "the rest of the password ran as a command");
    }

    /** A command's streams and status as the connection delivers them, before {@link CommandRunner}. */
    private record Raw(String stdout, String stderr, int status) {
    }

    private Raw raw(String command) throws Exception {
        RemoteProcess p = connection.start(command, false);
        p.stdin().close();
        int status = p.waitFor(Duration.ofSeconds(30)).orElseThrow();
        return new Raw(new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.stderr().readAllBytes(), StandardCharsets.UTF_8), status);
    }

    /** Runs {@code command} on the fast path through the raw contract and returns its stdout bytes. */
    private byte[] runForBytes(String command, byte[] stdin) throws Exception {
        RemoteProcess p = connection.start(command, false);
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            try {
                return p.stdout().readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (OutputStream in = p.stdin()) {
            in.write(stdin);
        }
        assertEquals(0, p.waitFor(Duration.ofSeconds(30)).orElseThrow());
        assertEquals("", new String(p.stderr().readAllBytes(), StandardCharsets.UTF_8));
        return out.get(30, TimeUnit.SECONDS);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Processes on this machine (where sshd runs) whose command line contains {@code text}. */
    private static List<String> processesWith(String text) throws Exception {
        Process ps = new ProcessBuilder("ps", "-eo", "user:20,args").start();
        List<String> lines = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains(text) && !l.contains("ps -eo")).toList();
        ps.waitFor();
        return lines;
    }
}
