package dev.kvmforge.cli.resident;

import dev.kvmforge.runner.connection.KeptSessions;
import dev.kvmforge.runner.connection.SshConnector;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The CLI's resident process: a warm JVM, per user, that runs the commands of {@code kvmforge} clients and keeps the
 * SSH sessions they logged into ({@link KeptSessions}) for the next command.
 *
 * <p>It listens on {@link SocketDirectory#socket}, in a directory only its user may enter, and serves a connection
 * only when the peer's uid ({@code SO_PEERCRED}) is its own. Each command runs on a thread of its own, so two
 * terminals run at once. It leaves (closing its sessions) after the idle time without a command, when its jar or
 * JDK changed, and on {@code kvmforge daemon stop}; commands still running finish first. (A client of another jar
 * or JDK has a socket of its own; should it reach this one all the same, it is told so, and this process leaves.) Started by the client as
 * {@code java ... dev.kvmforge.cli.resident.ResidentProcess DIRECTORY IDLE_SECONDS}.
 */
public final class ResidentProcess {

    private final ResidentIdentity identity = ResidentIdentity.ofThisJvm();
    private final SocketDirectory directory;
    private final Duration idle;
    private final KeptSessions kept;
    private final Instant started = Instant.now();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger abandoned = new AtomicInteger();
    private final AtomicLong lastActive = new AtomicLong(System.nanoTime());
    private final UserPrincipal owner;
    private ServerSocketChannel server;
    private volatile String leaving;

    ResidentProcess(SocketDirectory directory, Duration idle) throws IOException {
        this.directory = directory;
        this.idle = idle;
        this.kept = new KeptSessions(idle);
        this.owner = Files.getOwner(Path.of("/proc/self"));
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ResidentProcess DIRECTORY IDLE_SECONDS (started by the kvmforge client)");
            System.exit(5);
        }
        new ResidentProcess(new SocketDirectory(Path.of(args[0])), Duration.ofSeconds(Long.parseLong(args[1]))).serve();
    }

    private void serve() throws IOException {
        Path socket = directory.socket(identity);
        Files.deleteIfExists(socket); // the client found no one listening on it (it holds the start lock)
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        log("started, pid " + ProcessHandle.current().pid() + ", leaves after " + idle.toSeconds() + " s idle");
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kvmforge-resident-watch");
            t.setDaemon(true);
            return t;
        });
        watch.scheduleWithFixedDelay(this::watch, 1, 1, TimeUnit.SECONDS);
        while (true) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                break; // leaving
            } catch (IOException e) {
                log("accepting a connection failed (" + e.getMessage() + "): leaving");
                leave("accept failed: " + e.getMessage());
                break;
            }
            if (!sameUser(client)) {
                client.close();
                continue;
            }
            running.incrementAndGet();
            lastActive.set(System.nanoTime());
            Thread t = new Thread(() -> {
                ServedCommand command = new ServedCommand(client, this);
                try {
                    command.serve();
                } finally {
                    if (command.halted()) {
                        abandoned.decrementAndGet(); // it has ended after all
                    }
                    served.incrementAndGet();
                    lastActive.set(System.nanoTime());
                    running.decrementAndGet();
                }
            }, "kvmforge-command");
            t.start();
        }
        while (running.get() - abandoned.get() > 0) {
            sleep(50);
        }
        kept.close();
        SshConnector.shutdown();
        log("left: " + leaving);
        System.exit(0);
    }

    /** Once a second: idle sessions closed; the process leaves when idle for long enough or its jar changed. */
    private void watch() {
        try {
            kept.closeIdle();
            if (!identity.current()) {
                leave("its jar or JDK changed");
            } else if (running.get() - abandoned.get() <= 0 && System.nanoTime() - lastActive.get() > idle.toNanos()) {
                leave("idle for " + idle.toSeconds() + " s");
            }
        } catch (RuntimeException e) {
            log("the watch failed: " + e); // and runs again in a second: an exception must not end the schedule
        }
    }

    /**
     * A command whose client was ended ({@link ServedCommand#halt}) while what it ran goes on ending: it no longer
     * keeps this process from being idle or from leaving.
     */
    void abandoned() {
        abandoned.incrementAndGet();
    }

    /** Stops taking commands (the socket goes at once, so the next client starts another); running ones finish. */
    synchronized void leave(String why) {
        if (leaving != null) {
            return;
        }
        leaving = why;
        try {
            Files.deleteIfExists(directory.socket(identity));
            server.close();
        } catch (IOException e) {
            log("closing the socket failed: " + e.getMessage());
        }
    }

    boolean accepting() {
        return leaving == null;
    }

    ResidentIdentity identity() {
        return identity;
    }

    KeptSessions kept() {
        return kept;
    }

    /** What {@code kvmforge daemon status} prints. */
    String status() {
        StringBuilder s = new StringBuilder();
        Duration up = Duration.between(started, Instant.now());
        s.append("kvmforge resident process: pid ").append(ProcessHandle.current().pid()).append(", up ")
                .append(human(up)).append(", socket ").append(directory.socket(identity)).append('\n');
        s.append("  runs ").append(identity.jar() == null ? "classes" : identity.jar()).append(" on java ")
                .append(System.getProperty("java.version")).append('\n');
        s.append("  commands served: ").append(served.get()).append(", running now: ").append(running.get() - 1)
                .append("; leaves after ").append(idle.toSeconds()).append(" s without a command\n");
        var sessions = kept.summary();
        s.append("  SSH sessions kept: ").append(sessions.size()).append('\n');
        for (var k : sessions) {
            s.append("    ").append(k.destination()).append("  idle ")
                    .append(human(Duration.between(k.idleSince(), Instant.now()))).append('\n');
        }
        s.append("  heap used: ").append((Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory())
                >> 20).append(" MiB\n");
        return s.toString();
    }

    private boolean sameUser(SocketChannel client) {
        try {
            UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (peer.user().equals(owner)) {
                return true;
            }
            log("refused a connection of user " + peer.user().getName());
        } catch (IOException | UnsupportedOperationException e) {
            log("refused a connection whose user is unknown: " + e.getMessage());
        }
        return false;
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? s / 3600 + " h " + s % 3600 / 60 + " min" : s >= 60 ? s / 60 + " min " + s % 60 + " s"
                : s + " s";
    }

    private static void log(String line) {
        System.err.println(Instant.now() + " kvmforge resident process: " + line);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
