package dev.kvmforge.cli.resident;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kvmforge} clients as a shell starts them ({@code java ... dev.kvmforge.cli.resident.Main}), all with one runtime
 * directory of their own (so their resident process is this test's only), and the resident process they start,
 * stopped and awaited on {@link #close()}.
 */
public final class ResidentClients implements AutoCloseable {

    /** A client's end. */
    record Result(int exitCode, String out, String err) {

        String all() {
            return out + err;
        }
    }

    /** A client still running. */
    record Running(Process process, StringBuffer out, StringBuffer err) {

        void awaitOutput(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!out.toString().contains(text) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(out.toString().contains(text), "no '" + text + "' in: " + out + err);
        }

        Result await() throws InterruptedException {
            assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the client did not end: " + out + err);
            Thread.sleep(50);
            return new Result(process.exitValue(), out.toString(), err.toString());
        }
    }

    private final Path runtime;
    private final String classPath;
    private final Map<String, String> env = new HashMap<>();

    ResidentClients(Path parent) throws IOException {
        this(parent, System.getProperty("java.class.path"));
    }

    ResidentClients(Path parent, String classPath) throws IOException {
        this.runtime = Files.createDirectories(parent.resolve("runtime"));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        this.classPath = classPath;
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        env.remove("KVMFORGE_DAEMON");
    }

    /** The same runtime directory, clients of another class path (another kvmforge, as far as identity goes). */
    ResidentClients withClassPath(String otherClassPath) throws IOException {
        ResidentClients other = new ResidentClients(runtime.getParent(), otherClassPath);
        other.env.putAll(env);
        return other;
    }

    Path socketDirectory() {
        return runtime.resolve("kvmforge");
    }

    ResidentClients withEnv(String name, String value) {
        env.put(name, value);
        return this;
    }

    Result run(Path cwd, String... args) throws IOException, InterruptedException {
        return start(cwd, Map.of(), null, args).await();
    }

    Running start(Path cwd, Map<String, String> extraEnv, String stdin, String... args) throws IOException {
        return start(cwd, extraEnv, stdin, client(args));
    }

    /**
     * A client on a terminal of its own (util-linux's {@code script} gives it a pseudo-terminal), {@code typed}
     * typed on it.
     */
    Running startOnTerminal(Path cwd, String typed, String... args) throws IOException {
        String line = String.join(" ", client(args).stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        return start(cwd, Map.of(), typed, List.of("script", "-qec", line, "/dev/null"));
    }

    private List<String> client(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath,
                "dev.kvmforge.cli.resident.Main"));
        command.addAll(List.of(args));
        return command;
    }

    private Running start(Path cwd, Map<String, String> extraEnv, String stdin, List<String> command)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().remove("KVMFORGE_DAEMON");
        pb.environment().putAll(env);
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        StringBuffer out = new StringBuffer();
        StringBuffer err = new StringBuffer();
        copyInBackground(p.getInputStream(), out);
        copyInBackground(p.getErrorStream(), err);
        if (stdin != null) { // null: standard input stays open, with nothing typed yet
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        return new Running(p, out, err);
    }

    /** The pid of the resident process, from {@code daemon status}; empty when none runs. */
    Optional<Long> residentPid(Path cwd) throws IOException, InterruptedException {
        Result status = run(cwd, "daemon", "status");
        Matcher m = Pattern.compile("resident process: pid (\\d+)").matcher(status.out());
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /** {@code daemon stop}, then waits for the resident process to have ended (killing it after 20 s). */
    @Override
    public void close() throws IOException, InterruptedException {
        Optional<Long> pid = residentPid(runtime);
        run(runtime, "daemon", "stop");
        if (pid.isPresent()) {
            Optional<ProcessHandle> p = ProcessHandle.of(pid.get());
            if (p.isPresent()) {
                try {
                    p.get().onExit().get(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.get().destroyForcibly();
                }
            }
        }
    }

    /** Copies {@code in} into {@code into} as it comes, on a thread of its own, until its end. */
    public static void copyInBackground(InputStream in, StringBuffer into) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    into.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                into.append("\n[read failed: ").append(e).append("]");
            }
        });
        t.setDaemon(true);
        t.start();
    }
}
