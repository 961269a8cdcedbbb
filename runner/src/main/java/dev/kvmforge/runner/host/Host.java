package dev.kvmforge.runner.host;

import dev.kvmforge.runner.connection.CommandRunner;
import dev.kvmforge.runner.connection.Connection;
import dev.kvmforge.runner.connection.ExecRequest;
import dev.kvmforge.runner.connection.ExecRequest.Become;
import dev.kvmforge.runner.connection.ExecRequest.OutputListener;
import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One machine as modules and checks see it. A Host is a light view: {@link #withBecome}, {@link #withEnvironment}
 * and {@link #withOutput} return views that share the connection and the facts cache.
 */
public final class Host {

    private final String name;
    private final Connection connection;
    private final Become become;
    private final Map<String, String> environment;
    private final OutputListener output;
    private final Duration timeout;
    private final FactCache facts;

    public Host(String name, Connection connection) {
        this(name, connection, null, Map.of(), OutputListener.NONE, ExecRequest.DEFAULT_TIMEOUT, new FactCache());
    }

    private Host(String name, Connection connection, Become become, Map<String, String> environment,
                 OutputListener output, Duration timeout, FactCache facts) {
        this.name = name;
        this.connection = connection;
        this.become = become;
        this.environment = environment;
        this.output = output;
        this.timeout = timeout;
        this.facts = facts;
    }

    /** The inventory name of this host. */
    public String name() {
        return name;
    }

    public Connection connection() {
        return connection;
    }

    /** The same host, with commands run as {@code become} ({@code null}: as the login user). */
    public Host withBecome(Become become) {
        return new Host(name, connection, become, environment, output, timeout, facts);
    }

    /** The same host, with these environment variables set for every command. */
    public Host withEnvironment(Map<String, String> env) {
        return new Host(name, connection, become, Map.copyOf(new TreeMap<>(env)), output, timeout, facts);
    }

    /** The same host, with command output also sent to {@code listener} as it comes. */
    public Host withOutput(OutputListener listener) {
        return new Host(name, connection, become, environment, listener, timeout, facts);
    }

    /** The same host, with a time limit for each command. */
    public Host withTimeout(Duration limit) {
        return new Host(name, connection, become, environment, output, limit, facts);
    }

    public Optional<Become> become() {
        return Optional.ofNullable(become);
    }

    /** Runs a shell command line (build it with {@link Shell}); a non-zero exit is returned, not thrown. */
    public ExecResult run(String commandLine) {
        return run(commandLine, null);
    }

    /** Runs a shell command line with bytes on its stdin. */
    public ExecResult run(String commandLine, byte[] stdin) {
        String line = commandLine;
        if (!environment.isEmpty()) {
            StringBuilder b = new StringBuilder("export");
            environment.forEach((k, v) -> b.append(' ').append(k).append('=').append(Shell.quote(v)));
            line = b.append("; ").append(commandLine).toString();
        }
        return CommandRunner.run(connection, new ExecRequest(line, stdin, timeout, become, output));
    }

    /** Runs a program with arguments, each quoted. */
    public ExecResult exec(String... argv) {
        return run(Shell.command(argv));
    }

    /** Runs a program with arguments, each quoted. */
    public ExecResult exec(List<String> argv) {
        return run(Shell.command(argv));
    }

    /** Runs a command that must succeed; its stdout, or an error naming the command and its stderr. */
    public String check(String commandLine) {
        ExecResult r = run(commandLine);
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "command failed with exit status " + r.exitStatus() + ": "
                    + commandLine + (r.stderr().isBlank() ? "" : "\n  stderr: " + r.stderr().strip()), name, null);
        }
        return r.stdout();
    }

    /** What {@code stat} says of {@code path}, without following a final symbolic link; empty if nothing is there. */
    public Optional<FileStat> stat(String path) {
        String q = Shell.quote(path);
        ExecResult r = run("if [ -e " + q + " ] || [ -L " + q + " ]; then stat -c '%F|%a|%U|%G|%s|%Y' -- " + q
                + " && if [ -L " + q + " ]; then readlink -- " + q + "; fi; else exit 3; fi");
        if (r.exitStatus() == 3) {
            return Optional.empty();
        }
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "cannot stat " + path + ": " + r.stderr().strip(), name, null);
        }
        String[] lines = r.stdout().split("\n", 2);
        String[] f = lines[0].split("\\|", -1);
        FileStat.Type type = switch (f[0]) {
            case "regular file", "regular empty file" -> FileStat.Type.FILE;
            case "directory" -> FileStat.Type.DIRECTORY;
            case "symbolic link" -> FileStat.Type.LINK;
            default -> FileStat.Type.OTHER;
        };
        String target = type == FileStat.Type.LINK && lines.length > 1 ? lines[1].strip() : null;
        return Optional.of(new FileStat(path, type, new FileMode(Integer.parseInt(f[1], 8)), f[2], f[3],
                Long.parseLong(f[4]), Long.parseLong(f[5]), target));
    }

    /** The text of a file, or empty when there is no such file. */
    public Optional<String> readText(String path) {
        String q = Shell.quote(path);
        ExecResult r = run("if [ -f " + q + " ]; then cat -- " + q + "; else exit 3; fi");
        if (r.exitStatus() == 3) {
            return Optional.empty();
        }
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "cannot read " + path + ": " + r.stderr().strip(), name, null);
        }
        return Optional.of(r.stdout());
    }

    /**
     * The checksum of a regular file (following links), by {@code sha1sum}, {@code sha256sum}... on the host: one
     * command; empty when there is no such file.
     *
     * @param algorithm {@code sha1}, {@code sha224}, {@code sha256}, {@code sha384}, {@code sha512} or {@code md5}
     */
    public Optional<String> checksum(String path, String algorithm) {
        if (!algorithm.matches("sha1|sha224|sha256|sha384|sha512|md5")) {
            throw new IllegalArgumentException("unknown checksum algorithm '" + algorithm
                    + "' (sha1, sha224, sha256, sha384, sha512 or md5)");
        }
        String q = Shell.quote(path);
        ExecResult r = run("if [ -f " + q + " ]; then " + algorithm + "sum -- " + q + "; else exit 3; fi");
        if (r.exitStatus() == 3) {
            return Optional.empty();
        }
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "cannot checksum " + path + ": " + r.stderr().strip(), name, null);
        }
        String out = r.stdout().strip();
        return Optional.of(out.startsWith("\\") ? out.substring(1).split("\\s", 2)[0] : out.split("\\s", 2)[0]);
    }

    /**
     * Writes {@code content} to {@code path} atomically (a temporary file in the same directory, then a rename),
     * keeping the mode, owner and group of a file already there unless given.
     */
    public void write(String path, byte[] content, FileMode mode, String owner, String group) {
        String q = Shell.quote(path);
        StringBuilder s = new StringBuilder();
        s.append("set -e; t=$(mktemp ").append(Shell.quote(path + ".kvmforge.XXXXXX")).append("); ");
        s.append("trap 'rm -f \"$t\"' EXIT; cat > \"$t\"; ");
        s.append("if [ -e ").append(q).append(" ]; then chmod --reference=").append(q).append(" \"$t\"; ")
                .append("chown --reference=").append(q).append(" \"$t\" 2>/dev/null || true; ")
                .append("else chmod 0644 \"$t\"; fi; ");
        if (mode != null) {
            s.append("chmod ").append(mode.octal()).append(" \"$t\"; ");
        }
        if (owner != null || group != null) {
            s.append("chown ").append(Shell.quote((owner == null ? "" : owner) + (group == null ? "" : ":" + group)))
                    .append(" \"$t\"; ");
        }
        s.append("mv -f \"$t\" ").append(q).append("; trap - EXIT");
        ExecResult r = run(s.toString(), content);
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "cannot write " + path + ": " + r.stderr().strip(), name, null);
        }
    }

    /** Writes text as UTF-8; see {@link #write(String, byte[], FileMode, String, String)}. */
    public void writeText(String path, String content, FileMode mode, String owner, String group) {
        write(path, content.getBytes(StandardCharsets.UTF_8), mode, owner, group);
    }

    /** The facts of this host, gathered once and cached for the run. */
    public Facts facts() {
        return facts.get(this);
    }

    /**
     * {@code fact} of this host, as the user this view runs commands as: read by its command the first time, then as
     * kept for the run.
     */
    public <T> T fact(HostFact<T> fact) {
        return facts.get(this, fact);
    }

    /** Keeps {@code value} as {@code fact} of this host: what an operation made it, for the tasks after it. */
    public <T> void know(HostFact<T> fact, T value) {
        facts.put(this, fact, value);
    }

    /** Forgets {@code fact} as every user read it: an operation changed it, and the next reader reads it again. */
    public void forget(HostFact<?> fact) {
        facts.forget(fact);
    }

    /** Forgets gathered facts (after a task that changes them, such as a package install). */
    public void forgetFacts() {
        facts.clear();
    }

    @Override
    public String toString() {
        return name;
    }

    /** Facts shared by all views of one host. */
    static final class FactCache {
        private volatile Facts facts;
        private final Map<String, Object> known = new java.util.concurrent.ConcurrentHashMap<>();

        Facts get(Host host) {
            Facts f = facts;
            if (f == null) {
                synchronized (this) {
                    f = facts;
                    if (f == null) {
                        f = Facts.gather(host);
                        facts = f;
                    }
                }
            }
            return f;
        }

        @SuppressWarnings("unchecked")
        <T> T get(Host host, HostFact<T> fact) {
            // one read per fact and user, even when two callers ask at once (the second waits for the first)
            // a fact's script reads under the root $R, which is / here (the checks set it to a snapshot's root)
            return (T) known.computeIfAbsent(key(host, fact),
                    k -> fact.parse().apply(host.check("R=; " + fact.script())));
        }

        <T> void put(Host host, HostFact<T> fact, T value) {
            known.put(key(host, fact), value);
        }

        void forget(HostFact<?> fact) {
            known.keySet().removeIf(k -> k.startsWith(fact.name() + "@"));
        }

        /** A fact as the user the view runs commands as: root may open what the login user may not. */
        private static String key(Host host, HostFact<?> fact) {
            return fact.name() + "@" + host.become().map(Become::user).orElse("");
        }

        void clear() {
            facts = null;
            known.clear();
        }
    }
}
