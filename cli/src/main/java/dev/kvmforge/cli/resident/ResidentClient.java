package dev.kvmforge.cli.resident;

import dev.kvmforge.cli.LocalTerminal;
import dev.kvmforge.runner.report.ConsoleMode;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code kvmforge} command's side of the resident process: sends the command with the shell's working
 * directory, environment and terminal facts, prints what comes back, answers prompts, forwards Ctrl-C, and exits
 * with the command's code. Starts the resident process when none answers (one client at a time, under a lock).
 *
 * <p>When the resident process cannot be used (it does not start, the directory is not safe, it refuses), the
 * client says so once and the command runs in this process. When it ends in the middle of a command, a command that
 * changes nothing ({@code --syntax-check}, {@code --list-*}, {@code verify}...) runs again in this process; any
 * other, {@code run --check} too, is not run twice: the client says its outcome is unknown and exits 1.
 */
public final class ResidentClient {

    /** The environment variable that sets the idle time, in seconds, of a resident process this client starts. */
    public static final String IDLE_VARIABLE = "KVMFORGE_DAEMON_IDLE";

    /** The idle time without the variable. */
    static final int DEFAULT_IDLE_SECONDS = 60;

    private static final long START_WAIT_MS = 15_000;

    private final List<String> args;
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    private ResidentClient(List<String> args, Map<String, String> env) {
        this.args = args;
        this.env = env;
        this.out = System.out;
        this.err = System.err;
    }

    /** What happened to a command sent. */
    private enum Outcome { DONE, STALE, REFUSED, LOST_BEFORE_START, LOST }

    /**
     * Runs {@code args} in the resident process (starting it if need be): the exit code, or empty when the command
     * is to run in this process (and nothing of it has run).
     */
    public static OptionalInt run(List<String> args) {
        return new ResidentClient(args, System.getenv()).run();
    }

    private OptionalInt run() {
        SocketDirectory dir;
        try {
            dir = SocketDirectory.forThisUser(env);
        } catch (IOException | RuntimeException e) {
            note("cannot use a resident process (" + e.getMessage() + "); running in this process");
            return OptionalInt.empty();
        }
        boolean daemonCommand = !args.isEmpty() && args.get(0).equals("daemon");
        ResidentIdentity identity = ResidentIdentity.ofThisJvm();
        for (int attempt = 0; attempt < 3; attempt++) {
            SocketChannel channel = connect(dir.socket(identity));
            if (channel == null) {
                if (daemonCommand) {
                    return OptionalInt.empty(); // in process: says that none is running
                }
                channel = start(dir, identity);
                if (channel == null) {
                    note("the resident process did not start (its log: " + dir.log() + "); running in this process");
                    return OptionalInt.empty();
                }
            }
            int[] code = new int[1];
            Outcome outcome = send(channel, identity, code);
            switch (outcome) {
                case DONE -> {
                    return OptionalInt.of(code[0]);
                }
                case STALE -> {
                    if (daemonCommand) {
                        return OptionalInt.empty();
                    }
                    // it served another jar or JDK and is leaving: start one of ours
                }
                case REFUSED -> {
                    return OptionalInt.empty();
                }
                case LOST_BEFORE_START -> {
                    note("the resident process ended before the command started (its log: " + dir.log()
                            + "); running in this process");
                    return OptionalInt.empty();
                }
                case LOST -> {
                    if (changesNothing()) {
                        note("the resident process ended during the command; running it again in this process");
                        return OptionalInt.empty();
                    }
                    err.println("kvmforge: the resident process ended during the command (its log: " + dir.log()
                            + "): what the run did is unknown, and it is not run again. Run it once more, or with"
                            + " --check to see what is left to do.");
                    return OptionalInt.of(1);
                }
                default -> throw new IllegalStateException(outcome.name());
            }
        }
        note("resident processes of another kvmforge jar kept answering; running in this process");
        return OptionalInt.empty();
    }

    private Outcome send(SocketChannel channel, ResidentIdentity identity, int[] code) {
        LocalTerminal terminal = new LocalTerminal(System.in);
        ConsoleMode console = ConsoleMode.detect();
        Map<String, String> properties = new TreeMap<>();
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith("kvmforge.")) {
                properties.put(k, System.getProperty(k));
            }
        }
        Request request = new Request(identity.text(), args, Path.of("").toAbsolutePath().toString(), env,
                terminal.interactive(), console.colour(), console.liveProgress(), properties);
        Wire wire = Wire.over(channel);
        boolean started = false;
        AtomicInteger interrupts = new AtomicInteger();
        Runnable onInterrupt = new Runnable() { // not a lambda: a lambda's set-up costs the client's start
            @Override
            public void run() {
                forward(wire, interrupts);
            }
        };
        try (channel; AutoCloseable signals = terminal.onInterrupt(onInterrupt)) {
            wire.write(Wire.REQUEST, request.encode());
            while (true) {
                Wire.Frame f = wire.read();
                if (f == null) {
                    out.flush();
                    return started ? Outcome.LOST : Outcome.LOST_BEFORE_START;
                }
                started = true;
                switch (f.type()) {
                    case Wire.OUT -> {
                        out.write(f.payload());
                        out.flush();
                    }
                    case Wire.ERR -> {
                        err.write(f.payload());
                        err.flush();
                    }
                    case Wire.ASK_SECRET, Wire.ASK_LINE -> askInBackground(wire, terminal, f);
                    case Wire.EXIT -> {
                        out.flush();
                        code[0] = f.code();
                        return Outcome.DONE;
                    }
                    case Wire.STALE -> {
                        return Outcome.STALE;
                    }
                    case Wire.REFUSED -> {
                        note("the resident process refused the command (" + f.text() + "); running in this process");
                        return Outcome.REFUSED;
                    }
                    default -> {
                        // a frame this client does not know: ignored
                    }
                }
            }
        } catch (Exception e) {
            return started ? Outcome.LOST : Outcome.LOST_BEFORE_START;
        }
    }

    /**
     * A Ctrl-C: to the resident process; at the fourth, this client ends (99) whatever happens there. It exits
     * through the JVM's shutdown, which puts the terminal's echo back if a prompt had turned it off.
     */
    private static void forward(Wire wire, AtomicInteger interrupts) {
        if (interrupts.incrementAndGet() > 3) {
            System.out.flush();
            System.exit(99);
        }
        try {
            wire.write(Wire.INTERRUPT);
        } catch (IOException e) {
            System.out.flush();
            System.exit(99);
        }
    }

    /**
     * Asks on a thread of its own, so that frames keep coming while the operator types: a Ctrl-C at the prompt ends
     * the command, and its exit code arrives, without waiting for Enter.
     */
    private static void askInBackground(Wire wire, LocalTerminal terminal, Wire.Frame question) {
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    if (question.type() == Wire.ASK_SECRET) {
                        answer(wire, terminal, question.text());
                    } else {
                        answerLine(wire, terminal, question.text());
                    }
                } catch (IOException e) {
                    // the command ended meanwhile
                }
            }
        }, "kvmforge-prompt");
        t.setDaemon(true);
        t.start();
    }

    private static void answer(Wire wire, LocalTerminal terminal, String prompt) throws IOException {
        char[] secret;
        try {
            secret = terminal.readSecret(prompt);
        } catch (RuntimeException e) {
            secret = null;
        }
        if (secret == null) {
            wire.write(Wire.NO_SECRET);
            return;
        }
        java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(secret));
        Arrays.fill(secret, '\0');
        byte[] bytes = encoded.array();
        try {
            wire.write(Wire.SECRET, bytes, encoded.arrayOffset(), encoded.limit());
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** A {@code pause} prompt: answered on this terminal (none without one, as in process). */
    private static void answerLine(Wire wire, LocalTerminal terminal, String prompt) throws IOException {
        String line;
        try {
            line = terminal.ask(prompt, true);
        } catch (RuntimeException e) {
            line = null;
        }
        if (line == null) {
            wire.write(Wire.NO_SECRET);
        } else {
            wire.write(Wire.SECRET, line);
        }
    }

    /**
     * Whether running the command a second time does no harm: a syntax check, a listing, help, an inventory
     * listing, verify (its probes read), a report merge. Not {@code run --check}: a task with
     * {@code check_mode: false} runs for real under it.
     */
    private boolean changesNothing() {
        if (args.isEmpty()) {
            return true;
        }
        String command = args.get(0);
        if (command.equals("verify") || command.equals("inventory") || command.equals("help")
                || command.equals("completion") || command.equals("daemon") || command.equals("report")) {
            return true;
        }
        if (!command.equals("run")) {
            return false;
        }
        Set<String> readOnly = Set.of("--syntax-check", "--list-tasks", "--list-hosts", "--list-playbooks", "-h",
                "--help", "-V", "--version");
        for (String a : args) {
            if (readOnly.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private static SocketChannel connect(Path socket) {
        if (!Files.exists(socket)) {
            return null;
        }
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                return channel;
            } catch (IOException e) {
                channel.close();
                return null;
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** Starts the resident process, one client at a time, and connects to it; null when it does not come up. */
    private SocketChannel start(SocketDirectory dir, ResidentIdentity identity) {
        try (FileChannel lockFile = FileChannel.open(dir.startLock(), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
            SocketChannel already = connect(dir.socket(identity));
            if (already != null) {
                return already; // another client started it meanwhile
            }
            ProcessBuilder pb = new ProcessBuilder(command(dir, identity))
                    .directory(new File("/"));
            // its own environment is not a client's: each command brings the client's; this one keeps no secrets
            pb.environment().keySet().retainAll(Set.of("HOME", "PATH", "LANG", "LC_ALL", "USER", "LOGNAME", "TMPDIR",
                    "XDG_RUNTIME_DIR", "TZ"));
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.log().toFile()))
                    .redirectErrorStream(true);
            Process p = pb.start();
            long deadline = System.currentTimeMillis() + START_WAIT_MS;
            while (System.currentTimeMillis() < deadline) {
                SocketChannel channel = connect(dir.socket(identity));
                if (channel != null) {
                    return channel;
                }
                if (!p.isAlive()) {
                    return null;
                }
                Thread.sleep(10);
            }
            p.destroy();
            return null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private List<String> command(SocketDirectory dir, ResidentIdentity identity) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid"); // no controlling terminal: the shell's Ctrl-C and hang-up do not reach it
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xss512k"));
        if (identity.jar() != null) {
            Path archive = identity.jar().resolveSibling("kvmforge.jsa");
            if (Files.isRegularFile(archive)) {
                command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto",
                        "-Xlog:cds=off,cds+dynamic=off"));
            }
        }
        String extra = env.get("KVMFORGE_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(Arrays.asList(extra.strip().split("\\s+")));
        }
        command.addAll(List.of("-cp", ResidentIdentity.absoluteClassPath(), ResidentProcess.class.getName(),
                dir.path().toString(), String.valueOf(idleSeconds())));
        return command;
    }

    private int idleSeconds() {
        String v = env.get(IDLE_VARIABLE);
        if (v != null) {
            try {
                int s = Integer.parseInt(v.strip());
                if (s > 0) {
                    return s;
                }
            } catch (NumberFormatException e) {
                // the default, said below
            }
            note(IDLE_VARIABLE + "='" + v + "' is not a whole number of seconds above 0; the resident process"
                    + " leaves after " + DEFAULT_IDLE_SECONDS + " s");
        }
        return DEFAULT_IDLE_SECONDS;
    }

    private void note(String what) {
        err.println("kvmforge: " + what + " (--no-daemon or KVMFORGE_DAEMON=off runs in process without trying)");
    }
}
