package dev.kvmforge.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real OpenSSH server ({@code /usr/sbin/sshd}) on a loopback address, for tests that need SSH as it is in the
 * field.
 *
 * <p>{@link #start()} picks a free port on the given {@code 127.x.y.z} address, writes host keys, client keys and an
 * {@code sshd_config} into a fresh temporary directory, runs {@code sshd -D -e -f CONFIG} as a child process and
 * waits until it greets. It also makes sure the test user exists (created with {@code useradd -m -s /bin/bash} if
 * missing) with a known random password (set through {@code chpasswd} on stdin) and may {@code sudo} to any user
 * when it types that password ({@code /etc/sudoers.d/kvmforge-test}). {@link #close()} stops sshd and everything
 * it started and deletes the directory; the user and its sudoers drop-in stay, as other servers may share them.
 *
 * <pre>{@code
 * try (LoopbackSshd sshd = new LoopbackSshd().withAddress("127.0.20.1").start()) {
 *     Files.writeString(knownHosts, sshd.knownHostsLine() + "\n");
 *     // connect to sshd.host():sshd.port() as sshd.user() with sshd.ed25519Key() ...
 * }
 * }</pre>
 *
 * <p>It needs root (to run sshd and manage the user) and Debian's {@code openssh-server} and {@code sudo}; without
 * them {@link #start()} fails with a message saying what to install. Only loopback addresses are accepted.
 */
public final class LoopbackSshd implements SshHost {

    /** The test user created when none is chosen. */
    public static final String DEFAULT_USER = "kvmtest";

    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Path PRIVSEP_DIR = Path.of("/run/sshd");
    private static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");
    private static final Path SHARED = Path.of("/run/kvmforge-testkit");
    private static final Pattern USER_NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,30}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private String address = "127.0.0.1";
    private int requestedPort;
    private String user = DEFAULT_USER;
    private String logLevel = "INFO";
    private Duration startTimeout = Duration.ofSeconds(20);

    private Path dir;
    private int port;
    private String password;
    private String keyPassphrase;
    private Process process;

    /** A server on {@code 127.0.0.1} for {@value #DEFAULT_USER}; configure it with the {@code withX} methods. */
    public LoopbackSshd() {
    }

    /** Listen on this loopback address ({@code 127.x.y.z}); each test class should use its own. */
    public LoopbackSshd withAddress(String loopbackAddress) {
        requireNotStarted();
        try {
            if (!InetAddress.getByName(loopbackAddress).isLoopbackAddress()) {
                throw new IllegalArgumentException(loopbackAddress + " is not a loopback address (127.0.0.0/8)");
            }
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + loopbackAddress, e);
        }
        this.address = loopbackAddress;
        return this;
    }

    /** Listen on this port instead of a free one chosen at start. */
    public LoopbackSshd withPort(int port) {
        requireNotStarted();
        this.requestedPort = port;
        return this;
    }

    /** Log in as this user (created if missing) instead of {@value #DEFAULT_USER}. */
    public LoopbackSshd withUser(String user) {
        requireNotStarted();
        if (!USER_NAME.matcher(user).matches() || "root".equals(user)) {
            throw new IllegalArgumentException("not usable as a test user name: " + user);
        }
        this.user = user;
        return this;
    }

    /** sshd's {@code LogLevel} (QUIET, FATAL, ERROR, INFO, VERBOSE, DEBUG); its log is {@link #logFile()}. */
    public LoopbackSshd withLogLevel(String level) {
        requireNotStarted();
        this.logLevel = level;
        return this;
    }

    /** How long {@link #start()} waits for sshd to greet. */
    public LoopbackSshd withStartTimeout(Duration timeout) {
        requireNotStarted();
        this.startTimeout = timeout;
        return this;
    }

    /** Prepares the user, keys and config, starts sshd and waits until it accepts connections. */
    public LoopbackSshd start() {
        requireNotStarted();
        checkMachine();
        try {
            dir = Files.createTempDirectory("kvmforge-sshd-");
            // sshd reads authorized_keys as the user: the directory must be traversable
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            password = prepareUser();
            keyPassphrase = randomText(24);
            writeClientKeys();
            writeHostKeys();
            port = requestedPort > 0 ? requestedPort : freePort();
            writeConfig();
            // sshd (even sshd -t) refuses to start without its privilege separation directory, which only the
            // package's start script makes: a fresh install under a policy-rc.d that blocks it has none
            Files.createDirectories(PRIVSEP_DIR);
            run(List.of(SSHD.toString(), "-t", "-f", config().toString()), null);
            launch();
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot start sshd on " + address + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Gives the server new host keys and restarts it on the same port: a client that knew the old key now sees a
     * changed one. Open connections are cut.
     */
    public LoopbackSshd replaceHostKey() {
        requireStarted();
        stopProcess();
        try {
            for (String name : List.of("ssh_host_ed25519_key", "ssh_host_ecdsa_key")) {
                Files.deleteIfExists(dir.resolve(name));
                Files.deleteIfExists(dir.resolve(name + ".pub"));
            }
            writeHostKeys();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        launch();
        return this;
    }

    /**
     * Stops sshd and cuts its sessions, keeping its keys, user and port, as a host that goes down (a reboot, a VM not
     * booted yet) stops answering; {@link #resume()} starts it again. A stopped server refuses connections.
     */
    public LoopbackSshd pause() {
        requireStarted();
        stopProcess();
        return this;
    }

    /**
     * Starts a {@linkplain #pause() paused} sshd again on the same port with the same keys, or one that was killed
     * (as a test's "reboot" kills it).
     */
    public LoopbackSshd resume() {
        requireStarted();
        if (process == null || !process.isAlive()) {
            stopProcess();
            launch();
        }
        return this;
    }

    /** The address sshd listens on. */
    public String host() {
        return address;
    }

    /** The port sshd listens on. */
    public int port() {
        requireStarted();
        return port;
    }

    /** The login user. */
    public String user() {
        return user;
    }

    /** The login user's password, also its sudo password. */
    public String password() {
        requireStarted();
        return password;
    }

    /** An ed25519 private key (OpenSSH format, no passphrase) that may log in. */
    public Path ed25519Key() {
        return clientKey("id_ed25519");
    }

    /** The {@link #ed25519Key()}: the key an inventory line logs in with. */
    @Override
    public Path privateKey() {
        return ed25519Key();
    }

    /** An ed25519 private key protected by {@link #keyPassphrase()} that may log in. */
    public Path ed25519KeyWithPassphrase() {
        return clientKey("id_ed25519_passphrase");
    }

    /** The passphrase of {@link #ed25519KeyWithPassphrase()}. */
    public String keyPassphrase() {
        requireStarted();
        return keyPassphrase;
    }

    /** An RSA private key (OpenSSH format, no passphrase) that may log in. */
    public Path rsaKey() {
        return clientKey("id_rsa");
    }

    /** An ECDSA (nistp256) private key (OpenSSH format, no passphrase) that may log in. */
    public Path ecdsaKey() {
        return clientKey("id_ecdsa");
    }

    /** A private key that may <em>not</em> log in: it is not in authorized_keys. */
    public Path unauthorizedKey() {
        return clientKey("id_unauthorized");
    }

    /** The server's ed25519 host key as one known_hosts line: {@code [127.0.20.1]:40022 ssh-ed25519 AAAA...}. */
    public String knownHostsLine() {
        return knownHostsLine("ssh_host_ed25519_key.pub");
    }

    /** All the server's host keys (ed25519 and ECDSA), one known_hosts line each. */
    public List<String> knownHostsLines() {
        return List.of(knownHostsLine(), knownHostsLine("ssh_host_ecdsa_key.pub"));
    }

    /** The temporary directory holding config, keys and log. */
    public Path directory() {
        requireStarted();
        return dir;
    }

    /** sshd's own log (its stderr), for diagnosing a failed test. */
    public Path logFile() {
        requireStarted();
        return dir.resolve("sshd.log");
    }

    /** Whether sshd is running. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops sshd and the sessions it started, and deletes the temporary directory. */
    @Override
    public void close() {
        stopProcess();
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort: it is a temporary directory
            }
        }
    }

    @Override
    public String toString() {
        return "sshd " + user + "@" + address + ":" + (port == 0 ? "?" : port);
    }

    private void checkMachine() {
        if (!Files.isExecutable(SSHD) || !Files.isExecutable(SSH_KEYGEN)) {
            throw new IllegalStateException("LoopbackSshd needs OpenSSH's server: " + SSHD + " not found "
                    + "(apt-get install openssh-server sudo)");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/sudo"))) {
            throw new IllegalStateException("LoopbackSshd needs sudo: /usr/bin/sudo not found (apt-get install sudo)");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("LoopbackSshd needs root: it runs sshd and creates the test user '"
                    + user + "' (run the tests as root, as CI does)");
        }
    }

    /** Creates the user if missing and sets its password; serialised across JVMs by a lock file. */
    private String prepareUser() throws IOException {
        Files.createDirectories(SHARED);
        Files.setPosixFilePermissions(SHARED, PosixFilePermissions.fromString("rwx------"));
        try (FileChannel lockFile = FileChannel.open(SHARED.resolve("setup.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            if (run(List.of("id", "-u", user), null, true) != 0) {
                run(List.of("useradd", "-m", "-s", "/bin/bash", user), null);
            }
            // one password per user and machine boot, so servers in other JVMs sharing the user keep working
            Path saved = SHARED.resolve(user + ".password");
            String secret;
            if (Files.exists(saved)) {
                secret = Files.readString(saved).strip();
            } else {
                secret = randomText(20);
                writePrivate(saved, secret + "\n");
            }
            run(List.of("chpasswd"), (user + ":" + secret + "\n").getBytes(StandardCharsets.UTF_8));
            installSudoers();
            return secret;
        }
    }

    private void installSudoers() throws IOException {
        String name = DEFAULT_USER.equals(user) ? "kvmforge-test" : "kvmforge-test-" + user.replace('.', '_');
        Path target = Path.of("/etc/sudoers.d", name);
        String rules = "# written by kvmforge's LoopbackSshd for tests: sudo with the user's password, asked every time\n"
                + "Defaults:" + user + " timestamp_timeout=0, !lecture\n"
                + user + " ALL=(ALL:ALL) ALL\n";
        if (Files.exists(target) && Files.readString(target).equals(rules)) {
            return;
        }
        Path draft = Files.createTempFile(SHARED, name, ".draft");
        Files.writeString(draft, rules);
        run(List.of("visudo", "-c", "-q", "-f", draft.toString()), null);
        Files.setPosixFilePermissions(draft, PosixFilePermissions.fromString("r--r-----"));
        Files.move(draft, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void writeClientKeys() throws IOException {
        Path passphraseFile = dir.resolve("passphrase");
        writePrivate(passphraseFile, keyPassphrase + "\n");
        keygen("ed25519", dir.resolve("id_ed25519"), null);
        keygen("ed25519", dir.resolve("id_ed25519_passphrase"), passphraseFile);
        keygen("rsa", dir.resolve("id_rsa"), null);
        keygen("ecdsa", dir.resolve("id_ecdsa"), null);
        keygen("ed25519", dir.resolve("id_unauthorized"), null);
        StringBuilder authorized = new StringBuilder();
        for (String key : List.of("id_ed25519", "id_ed25519_passphrase", "id_rsa", "id_ecdsa")) {
            authorized.append(Files.readString(dir.resolve(key + ".pub")).strip()).append('\n');
        }
        Path keys = dir.resolve("authorized_keys");
        Files.writeString(keys, authorized);
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private void writeHostKeys() throws IOException {
        keygen("ed25519", dir.resolve("ssh_host_ed25519_key"), null);
        keygen("ecdsa", dir.resolve("ssh_host_ecdsa_key"), null);
    }

    /**
     * Runs ssh-keygen; a passphrase is handed over through an askpass script reading {@code passphraseFile}, so it
     * never shows in argv.
     */
    private void keygen(String type, Path file, Path passphraseFile) throws IOException {
        List<String> argv = new ArrayList<>(List.of(SSH_KEYGEN.toString(), "-q", "-t", type, "-C",
                "kvmforge-test-" + file.getFileName(), "-f", file.toString()));
        if (type.equals("rsa")) {
            argv.addAll(List.of("-b", "2048"));
        }
        if (passphraseFile == null) {
            argv.addAll(List.of("-N", ""));
        }
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (passphraseFile != null) {
            Path askpass = dir.resolve("askpass");
            Files.writeString(askpass, "#!/bin/sh\nexec cat \"$KVMFORGE_PASSPHRASE_FILE\"\n");
            Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
            Map<String, String> env = pb.environment();
            env.put("SSH_ASKPASS", askpass.toString());
            env.put("SSH_ASKPASS_REQUIRE", "force");
            env.put("KVMFORGE_PASSPHRASE_FILE", passphraseFile.toString());
            env.remove("DISPLAY");
        }
        run(pb, null, false);
    }

    private void writeConfig() throws IOException {
        String config = String.join("\n",
                "# written by kvmforge's LoopbackSshd",
                "ListenAddress " + address,
                "Port " + port,
                "HostKey " + dir.resolve("ssh_host_ed25519_key"),
                "HostKey " + dir.resolve("ssh_host_ecdsa_key"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "AllowUsers " + user,
                "StrictModes no",
                "PubkeyAuthentication yes",
                "PasswordAuthentication yes",
                "KbdInteractiveAuthentication no",
                "UsePAM yes",
                "PermitRootLogin no",
                "AllowTcpForwarding yes",
                "MaxSessions 64",
                "MaxStartups 64:30:200",
                "MaxAuthTries 20",
                "LoginGraceTime 30",
                "LogLevel " + logLevel,
                "UseDNS no",
                "PrintMotd no",
                "PrintLastLog no",
                "Subsystem sftp /usr/lib/openssh/sftp-server",
                "");
        Files.writeString(config(), config);
    }

    private Path config() {
        return dir.resolve("sshd_config");
    }

    private void launch() {
        try {
            ProcessBuilder pb = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config().toString());
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile()));
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + SSHD + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sshd exited at start with status " + process.exitValue()
                        + " on " + address + ":" + port + "; its log says:\n" + readLog());
            }
            if (greets()) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("sshd did not accept connections on " + address + ":" + port + " within "
                + startTimeout.toSeconds() + "s; its log says:\n" + readLog());
    }

    /** Whether something on address:port sends an SSH identification line. */
    private boolean greets() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 500);
            s.setSoTimeout(2000);
            byte[] banner = new byte[8];
            InputStream in = s.getInputStream();
            int n = in.readNBytes(banner, 0, banner.length);
            return n == banner.length && new String(banner, StandardCharsets.US_ASCII).startsWith("SSH-");
        } catch (IOException e) {
            return false;
        }
    }

    private void stopProcess() {
        Process p = process;
        process = null;
        if (p == null) {
            return;
        }
        List<ProcessHandle> sessions = p.descendants().toList();
        p.destroy();
        sessions.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sessions.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private String readLog() {
        try {
            String log = Files.readString(dir.resolve("sshd.log"));
            return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(address, 0));
            return probe.getLocalPort();
        }
    }

    private Path clientKey(String name) {
        requireStarted();
        return dir.resolve(name);
    }

    private String knownHostsLine(String publicKeyFile) {
        requireStarted();
        try {
            String[] fields = Files.readString(dir.resolve(publicKeyFile)).strip().split("\\s+");
            String hostPart = port == 22 ? address : "[" + address + "]:" + port;
            return hostPart + " " + fields[0] + " " + fields[1];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void requireNotStarted() {
        if (dir != null) {
            throw new IllegalStateException("already started: configure before start()");
        }
    }

    private void requireStarted() {
        if (dir == null) {
            throw new IllegalStateException("not started: call start() first");
        }
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text);
    }

    private static String randomText(int length) {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for sshd", e);
        }
    }

    private static void run(List<String> argv, byte[] stdin) throws IOException {
        run(new ProcessBuilder(argv), stdin, false);
    }

    private static int run(List<String> argv, byte[] stdin, boolean statusOnly) throws IOException {
        return run(new ProcessBuilder(argv), stdin, statusOnly);
    }

    /** Runs a setup command; unless {@code statusOnly}, a failure throws with its output (never its stdin). */
    private static int run(ProcessBuilder pb, byte[] stdin, boolean statusOnly) throws IOException {
        pb.redirectErrorStream(true);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(pb.command().get(0) + " did not finish within 60s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (!statusOnly && p.exitValue() != 0) {
            throw new IOException(String.join(" ", pb.command()) + " failed with status " + p.exitValue() + ": "
                    + output.strip());
        }
        return p.exitValue();
    }
}
