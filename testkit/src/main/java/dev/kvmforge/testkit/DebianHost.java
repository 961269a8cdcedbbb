package dev.kvmforge.testkit;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * A throwaway Debian 12 host in a Docker container, reached over SSH like a machine in the field.
 *
 * <p>The container shares the machine's network ({@code --network host}; Docker's bridge stays off), and its own
 * OpenSSH sshd listens only on the host's own loopback address: {@code 127.0.40.N} with a free port, or the address
 * given to {@link #withAddress(String)}. The test user ({@value #DEFAULT_USER}) logs in with a fresh ed25519 key
 * ({@link #privateKey()}) and may {@code sudo} to root with its password ({@link #password()}), asked every time.
 * The host key is fresh too; {@link #knownHostsLine()} and {@link #knownHostsFile()} let a client check it strictly.
 *
 * <pre>{@code
 * try (DebianHost host = new DebianHost().withAddress("127.0.40.7").start()) {
 *     // ssh -i host.privateKey() -p host.port() -o UserKnownHostsFile=host.knownHostsFile() kvmtest@127.0.40.7
 *     String inventory = host.inventoryLine("h1");
 * }
 * }</pre>
 *
 * <p>It is built to be a KVM host: {@code /dev/kvm} is passed in when the machine has it ({@link #withKvm(boolean)}),
 * the capabilities libvirt needs to run a guest are added ({@link #DEFAULT_CAPABILITIES}: mount namespaces and
 * {@code trusted.*} labels need {@code SYS_ADMIN}, reading a guest's mount namespace needs {@code SYS_PTRACE}), the
 * container gets a private cgroup namespace whose controllers its start script makes writable, and Docker's init
 * reaps orphans (libvirt waits for its daemonized QEMU probes to vanish). {@code --privileged} is not used: it fails
 * on machines whose bounding set lacks a capability. Installing {@code qemu-system-x86 libvirt-daemon-system} and
 * starting {@code virtlogd -d; libvirtd -d} then runs {@code type='kvm'} domains inside.
 *
 * <p>Needs a Docker daemon and the image {@value #DEFAULT_IMAGE}, both prepared (as root) by {@code prepare-docker.sh}
 * (see {@link PrepareDocker}); without them {@link #start()} fails saying so. Testcontainers reads
 * {@code TESTCONTAINERS_RYUK_DISABLED} and {@code TESTCONTAINERS_HOST_OVERRIDE} only from the environment (not from
 * {@code testcontainers.properties} or system properties); where no registry is reachable set
 * {@code TESTCONTAINERS_RYUK_DISABLED=true}, {@code TESTCONTAINERS_HOST_OVERRIDE=localhost} and
 * {@code TESTCONTAINERS_CHECKS_DISABLE=true} (kvmforge's build does, in Surefire's {@code environmentVariables}).
 * Without Ryuk, {@link #close()} removes the container itself; a JVM that exits normally removes the containers and
 * key directories of hosts left open.
 */
public final class DebianHost implements SshHost {

    /** The image {@code prepare-docker.sh} builds: Debian 12 with openssh-server and sudo. */
    public static final String DEFAULT_IMAGE = "kvmforge/debian-sshd:bookworm";

    /** The test user created when none is chosen. */
    public static final String DEFAULT_USER = "kvmtest";

    /** The capabilities added by default, measured as the least that lets libvirt run a KVM guest inside. */
    public static final List<String> DEFAULT_CAPABILITIES = List.of("SYS_ADMIN", "SYS_PTRACE");

    /** The label every DebianHost container carries, for finding leftovers: {@code docker ps -a -f label=...}. */
    public static final String LABEL = "dev.kvmforge.testkit";

    private static final Path KVM = Path.of("/dev/kvm");
    private static final String START_SCRIPT = "/etc/kvmforge/start.sh";
    private static final Pattern USER_NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,30}");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Key directories of hosts not yet closed, deleted when the JVM exits (Testcontainers removes the containers). */
    private static final Set<Path> OPEN_DIRS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN_DIRS.forEach(DebianHost::deleteTree),
                "kvmforge-debianhost-cleanup"));
    }

    private String image = DEFAULT_IMAGE;
    private String address;
    private int requestedPort;
    private String user = DEFAULT_USER;
    private boolean kvm = true;
    private final Set<String> capabilities = new LinkedHashSet<>(DEFAULT_CAPABILITIES);
    private final List<String> devices = new ArrayList<>();
    private Duration startTimeout = Duration.ofSeconds(60);

    private Path dir;
    private int port;
    private String password;
    private boolean kvmPassed;
    private GenericContainer<?> container;

    /** A host on a free {@code 127.0.40.N} address; configure it with the {@code withX} methods. */
    public DebianHost() {
    }

    /** Run this image instead of {@value #DEFAULT_IMAGE}: a Debian with openssh-server, sudo and mount. */
    public DebianHost withImage(String image) {
        requireNotStarted();
        this.image = DockerImageName.parse(image).asCanonicalNameString();
        return this;
    }

    /** Let sshd listen on this loopback address ({@code 127.x.y.z}) instead of one chosen in 127.0.40.0/24. */
    public DebianHost withAddress(String loopbackAddress) {
        requireNotStarted();
        this.address = requireLoopback(loopbackAddress);
        return this;
    }

    /** Let sshd listen on this port instead of a free one chosen at start. */
    public DebianHost withPort(int port) {
        requireNotStarted();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("not a port: " + port);
        }
        this.requestedPort = port;
        return this;
    }

    /** Log in as this user instead of {@value #DEFAULT_USER}. */
    public DebianHost withUser(String user) {
        requireNotStarted();
        if (!USER_NAME.matcher(user).matches() || "root".equals(user)) {
            throw new IllegalArgumentException("not usable as a test user name: " + user);
        }
        this.user = user;
        return this;
    }

    /** Whether to pass the machine's {@code /dev/kvm} in when it has one (default true). */
    public DebianHost withKvm(boolean kvm) {
        requireNotStarted();
        this.kvm = kvm;
        return this;
    }

    /**
     * The Linux capabilities added to Docker's default set, replacing {@link #DEFAULT_CAPABILITIES}; names as
     * {@code docker run --cap-add} takes them ({@code NET_ADMIN} or {@code CAP_NET_ADMIN}). None: a plain host
     * without libvirt.
     */
    public DebianHost withCapabilities(String... capabilities) {
        requireNotStarted();
        Set<String> names = new LinkedHashSet<>();
        for (String c : capabilities) {
            String name = c.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
            try {
                Capability.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a Linux capability: " + c, e);
            }
            names.add(name);
        }
        this.capabilities.clear();
        this.capabilities.addAll(names);
        return this;
    }

    /** Pass this device of the machine in as well ({@code docker run --device}), e.g. {@code /dev/net/tun}. */
    public DebianHost withDevice(String path) {
        requireNotStarted();
        if (!Path.of(path).isAbsolute()) {
            throw new IllegalArgumentException("not a device path: " + path);
        }
        devices.add(path);
        return this;
    }

    /** How long {@link #start()} waits for sshd to greet. */
    public DebianHost withStartTimeout(Duration timeout) {
        requireNotStarted();
        this.startTimeout = timeout;
        return this;
    }

    /**
     * Creates keys and password, starts the container and waits until its sshd greets on {@link #host()}:
     * {@link #port()}. Fails with a message naming {@code prepare-docker.sh} when Docker or the image is missing.
     */
    public DebianHost start() {
        requireNotStarted();
        DockerCheck.requireReady(image);
        try {
            if (address == null) {
                address = "127.0.40." + ThreadLocalRandom.current().nextInt(1, 255);
            }
            dir = Files.createTempDirectory("kvmforge-debianhost-");
            OPEN_DIRS.add(dir);
            password = randomText(20);
            Keys.generate(dir.resolve("id_ed25519"), "kvmforge-test-client");
            Keys.generate(dir.resolve("ssh_host_ed25519_key"), "kvmforge-test-host");
            kvmPassed = kvm && Files.exists(KVM);
            port = requestedPort > 0 ? requestedPort : freePort();
            container = newContainer();
            container.start();
            Files.writeString(knownHostsFile(), knownHostsLine() + "\n");
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot start a Debian host on " + address + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            String logs = logs();
            close();
            throw new IllegalStateException(this + " did not start: " + e.getMessage()
                    + (logs.isBlank() ? "" : "\ncontainer log:\n" + logs), e);
        }
    }

    /** The loopback address sshd listens on. */
    public String host() {
        requireStarted();
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

    /** The login user's password: its sudo password (password logins are off). */
    public String password() {
        requireStarted();
        return password;
    }

    /** The ed25519 private key (OpenSSH format, no passphrase) that logs in as {@link #user()}. */
    public Path privateKey() {
        requireStarted();
        return dir.resolve("id_ed25519");
    }

    /** The host's ed25519 key as one known_hosts line: {@code [127.0.40.7]:40022 ssh-ed25519 AAAA...}. */
    public String knownHostsLine() {
        requireStarted();
        try {
            String[] fields = Files.readString(dir.resolve("ssh_host_ed25519_key.pub")).strip().split("\\s+");
            String hostPart = port == 22 ? address : "[" + address + "]:" + port;
            return hostPart + " " + fields[0] + " " + fields[1];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A known_hosts file holding {@link #knownHostsLine()} alone. */
    public Path knownHostsFile() {
        requireStarted();
        return dir.resolve("known_hosts");
    }

    /** Whether the machine's {@code /dev/kvm} was passed in. */
    public boolean hasKvm() {
        requireStarted();
        return kvmPassed;
    }

    /** The Docker container's id. */
    public String containerId() {
        requireStarted();
        return container.getContainerId();
    }

    /**
     * Runs a command as root inside the container ({@code docker exec}, not SSH), for setting up or inspecting the
     * host around what a test does over SSH.
     */
    public Result exec(String... command) {
        requireStarted();
        try {
            Container.ExecResult r = container.execInContainer(StandardCharsets.UTF_8, command);
            return new Result(r.getExitCode(), r.getStdout(), r.getStderr());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command) + " in " + this, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command) + " in " + this, e);
        }
    }

    /** The container's output so far (its start script and sshd's log), or "" before start. */
    public String logs() {
        try {
            return container == null || container.getContainerId() == null ? "" : container.getLogs();
        } catch (RuntimeException e) {
            return "(no logs: " + e.getMessage() + ")";
        }
    }

    /** Whether the container is running. */
    public boolean isRunning() {
        return container != null && container.isRunning();
    }

    /** Stops and removes the container and deletes the keys' temporary directory. */
    @Override
    public void close() {
        GenericContainer<?> c = container;
        container = null;
        if (c != null) {
            c.stop();
        }
        if (dir != null) {
            deleteTree(dir);
            OPEN_DIRS.remove(dir);
            dir = null;
        }
    }

    @Override
    public String toString() {
        return "Debian host " + user + "@" + (address == null ? "?" : address) + ":" + (port == 0 ? "?" : port);
    }

    /** What a command run with {@link #exec(String...)} left: its exit status, stdout and stderr. */
    public record Result(int status, String stdout, String stderr) {
    }

    private GenericContainer<?> newContainer() throws IOException {
        List<Device> deviceList = new ArrayList<>();
        if (kvmPassed) {
            deviceList.add(Device.parse(KVM.toString()));
        }
        devices.forEach(d -> deviceList.add(Device.parse(d)));
        Capability[] caps = capabilities.stream().map(Capability::valueOf).toArray(Capability[]::new);
        String name = "kvmforge-host-" + address + "-" + port;

        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image));
        c.withNetworkMode("host")
                .withLabel(LABEL, "DebianHost")
                .withEnv("KVMFORGE_USER", user)
                .withEnv("KVMFORGE_ADDRESS", address)
                .withEnv("KVMFORGE_PORT", String.valueOf(port))
                .withCopyToContainer(Transferable.of(resource("debian-host-start.sh"), 0700), START_SCRIPT)
                .withCopyToContainer(Transferable.of(user + ":" + password + "\n", 0600), "/etc/kvmforge/password")
                .withCopyToContainer(Transferable.of(Files.readString(dir.resolve("id_ed25519.pub")), 0644),
                        "/etc/kvmforge/authorized_keys")
                .withCopyToContainer(Transferable.of(Files.readAllBytes(dir.resolve("ssh_host_ed25519_key")), 0600),
                        "/etc/kvmforge/ssh_host_ed25519_key")
                .withCopyToContainer(Transferable.of(Files.readAllBytes(dir.resolve("ssh_host_ed25519_key.pub")),
                        0644), "/etc/kvmforge/ssh_host_ed25519_key.pub")
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withName(name).withEntrypoint("/bin/sh", START_SCRIPT).withCmd(List.of());
                    cmd.getHostConfig()
                            .withInit(true)
                            .withCgroupnsMode("private")
                            .withCapAdd(caps)
                            .withDevices(deviceList);
                })
                .waitingFor(new SshGreeting(address, port).withStartupTimeout(startTimeout));
        return c;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: it is a temporary directory
        }
    }

    private int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(address, 0));
            return probe.getLocalPort();
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (var in = DebianHost.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " missing from kvmforge-testkit");
            }
            return in.readAllBytes();
        }
    }

    static String requireLoopback(String address) {
        try {
            if (!InetAddress.getByName(address).isLoopbackAddress() || address.contains(":")) {
                throw new IllegalArgumentException(address + " is not an IPv4 loopback address (127.0.0.0/8)");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + address, e);
        }
        return address;
    }

    private void requireNotStarted() {
        if (dir != null) {
            throw new IllegalStateException("already started: configure before start()");
        }
    }

    private void requireStarted() {
        if (container == null) {
            throw new IllegalStateException("not started: call start() first");
        }
    }

    private static String randomText(int length) {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** Creates ed25519 key pairs with the machine's ssh-keygen, as {@link LoopbackSshd} does. */
    private static final class Keys {
        static void generate(Path file, String comment) throws IOException {
            Path keygen = Path.of("/usr/bin/ssh-keygen");
            if (!Files.isExecutable(keygen)) {
                throw new IllegalStateException("DebianHost needs ssh-keygen (apt-get install openssh-client)");
            }
            Process p = new ProcessBuilder(keygen.toString(), "-q", "-t", "ed25519", "-N", "", "-C", comment,
                    "-f", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                if (p.waitFor() != 0) {
                    throw new IOException("ssh-keygen failed: " + out.strip());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
