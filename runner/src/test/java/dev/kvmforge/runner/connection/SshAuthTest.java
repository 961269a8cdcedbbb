package dev.kvmforge.runner.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.connection.ExecRequest.Become;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.testkit.LoopbackSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logging in to a real OpenSSH sshd: each key type, passphrases, passwords, and what a failure says. */
class SshAuthTest {

    private static LoopbackSshd sshd;
    private SshConnector connector;

    @TempDir
    Path tmp;
    private Path knownHosts;

    @BeforeAll
    static void startServer() {
        sshd = new LoopbackSshd().withAddress("127.0.20.2").start();
    }

    @AfterAll
    static void stopServer() {
        if (sshd != null) {
            sshd.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, sshd.knownHostsLine() + "\n");
        connector = new SshConnector();
    }

    @AfterEach
    void tearDown() {
        connector.close();
    }

    private TestSpec spec() {
        return TestSpec.to(sshd, knownHosts);
    }

    private String whoami(TestSpec spec) {
        Connection c = connector.open("auth-host", spec.build());
        return new Host("auth-host", c).check("id -un").strip();
    }

    @Test
    void logsInWithAnEd25519Key() {
        assertEquals(sshd.user(), whoami(spec().key(sshd.ed25519Key())));
    }

    @Test
    void logsInWithAnRsaKey() {
        assertEquals(sshd.user(), whoami(spec().key(sshd.rsaKey())));
    }

    @Test
    void logsInWithAnEcdsaKey() {
        assertEquals(sshd.user(), whoami(spec().key(sshd.ecdsaKey())));
    }

    @Test
    void logsInWithAPassphraseProtectedKey() {
        assertEquals(sshd.user(), whoami(spec().key(sshd.ed25519KeyWithPassphrase()).passphrase(sshd.keyPassphrase())));
    }

    @Test
    void triesTheKeysInTurn() {
        assertEquals(sshd.user(), whoami(spec().key(sshd.unauthorizedKey()).key(sshd.rsaKey())));
    }

    @Test
    void offersTheDefaultKeysWhenNoneAreGiven() throws Exception {
        Path ssh = Files.createDirectories(tmp.resolve("home").resolve(".ssh"));
        Files.copy(sshd.unauthorizedKey(), ssh.resolve("id_ed25519"));
        Files.copy(sshd.ed25519KeyWithPassphrase(), ssh.resolve("id_ecdsa"));
        String home = System.getProperty("user.home");
        System.setProperty("user.home", tmp.resolve("home").toString());
        try {
            UnreachableException e = assertThrows(UnreachableException.class, () -> whoami(spec()));
            assertTrue(e.getMessage().contains("(tried: publickey " + ssh.resolve("id_ed25519") + ", publickey "
                    + ssh.resolve("id_ecdsa") + " (not usable: private key " + ssh.resolve("id_ecdsa")
                    + " is protected by a passphrase, and none was given))"), e.getMessage());

            Files.copy(sshd.rsaKey(), ssh.resolve("id_rsa"));
            assertEquals(sshd.user(), whoami(spec()));
        } finally {
            System.setProperty("user.home", home);
        }
    }

    @Test
    void wrongPassphraseNamesTheKeyFile() {
        UnreachableException e = assertThrows(UnreachableException.class, () -> whoami(
                spec().key(sshd.ed25519KeyWithPassphrase()).passphrase("not-the-passphrase-0815")));
        assertTrue(e.getMessage().contains("wrong passphrase for private key " + sshd.ed25519KeyWithPassphrase()),
                e.getMessage());
        assertFalse(TestSpec.fullText(e).contains("not-the-passphrase-0815"));
    }

    @Test
    void missingPassphraseNamesTheKeyFile() {
        UnreachableException e = assertThrows(UnreachableException.class,
                () -> whoami(spec().key(sshd.ed25519KeyWithPassphrase())));
        assertTrue(e.getMessage().contains("private key " + sshd.ed25519KeyWithPassphrase()
                + " is protected by a passphrase, and none was given"), e.getMessage());
    }

    @Test
    void missingOrUnreadableKeyFileIsNamed() throws Exception {
        Path missing = tmp.resolve("no-such-key");
        UnreachableException gone = assertThrows(UnreachableException.class, () -> whoami(spec().key(missing)));
        assertTrue(gone.getMessage().contains("private key file " + missing + " does not exist"), gone.getMessage());

        Path publicOnly = tmp.resolve("id.pub");
        Files.copy(Path.of(sshd.ed25519Key() + ".pub"), publicOnly);
        UnreachableException notPrivate = assertThrows(UnreachableException.class,
                () -> whoami(spec().key(publicOnly)));
        assertTrue(notPrivate.getMessage().contains(publicOnly.toString()), notPrivate.getMessage());

        Path dir = tmp.resolve("a-directory");
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        UnreachableException unreadable = assertThrows(UnreachableException.class, () -> whoami(spec().key(dir)));
        assertTrue(unreadable.getMessage().contains(dir.toString()), unreadable.getMessage());
    }

    @Test
    void logsInWithAPassword() {
        assertEquals(sshd.user(), whoami(spec().password(sshd.password())));
    }

    @Test
    void wrongPasswordIsUnreachableWithWhatWasTried() {
        UnreachableException e = assertThrows(UnreachableException.class,
                () -> whoami(spec().key(sshd.unauthorizedKey()).password("not-the-password-1234")));
        assertEquals(ErrorKind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().contains("authentication failed for " + sshd.user() + "@127.0.20.2:" + sshd.port()
                + " (tried: publickey " + sshd.unauthorizedKey() + ", password)"), e.getMessage());
        assertTrue(e.hint().isPresent());
        assertFalse(e.getMessage().contains("\tat "), "no stack trace in the message");
    }

    @Test
    void unknownUserFailsAuthentication() {
        UnreachableException e = assertThrows(UnreachableException.class,
                () -> whoami(spec().user("nobody-here").key(sshd.ed25519Key())));
        assertTrue(e.getMessage().contains("authentication failed for nobody-here@127.0.20.2:" + sshd.port()),
                e.getMessage());
    }

    /** Every failing case, its message, causes and stack trace: neither password nor passphrase shows anywhere. */
    @Test
    void secretsNeverShowInFailures() {
        String wrongPassword = "wrong-Password-" + System.nanoTime();
        String wrongPassphrase = "wrong-Passphrase-" + System.nanoTime();
        List<Supplier<Object>> cases = List.of(
                () -> whoami(spec().password(wrongPassword)),
                () -> whoami(spec().key(sshd.unauthorizedKey()).password(sshd.password()).user("nobody-here")),
                () -> whoami(spec().key(sshd.ed25519KeyWithPassphrase()).passphrase(wrongPassphrase)),
                () -> whoami(spec().key(sshd.ed25519KeyWithPassphrase()).passphrase(sshd.keyPassphrase())
                        .password(sshd.password()).user("nobody-here")),
                () -> whoami(spec().password(sshd.password()).knownHosts(tmp.resolve("empty_known_hosts"))),
                () -> new Host("auth-host", connector.open("auth-host", spec().password(sshd.password()).build()))
                        .withBecome(new Become("root", Secret.of(wrongPassword))).run("id -u"));
        List<String> texts = new ArrayList<>();
        for (Supplier<Object> c : cases) {
            KvmforgeException e = assertThrows(KvmforgeException.class, c::get);
            texts.add(TestSpec.fullText(e));
        }
        for (String text : texts) {
            for (String secret : List.of(wrongPassword, wrongPassphrase, sshd.password(), sshd.keyPassphrase())) {
                assertFalse(text.contains(secret), "a secret shows in:\n" + text);
            }
        }
        assertEquals(6, texts.size());
    }
}
