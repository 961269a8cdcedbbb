package dev.kvmforge.checks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kvmforge.runner.connection.Connection;
import dev.kvmforge.runner.connection.ConnectionSpec;
import dev.kvmforge.runner.connection.Connector;
import dev.kvmforge.runner.connection.LocalConnection;
import dev.kvmforge.runner.connection.RemoteProcess;
import dev.kvmforge.runner.inventory.InventoryHost;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** One connection and one command per host, whatever the number of checks; at most {@code forks} hosts at once. */
class ParallelHostsTest {

    /** Opens local connections and counts connections, commands, and commands running at once. */
    static final class CountingConnector implements Connector {
        final Map<String, AtomicInteger> opened = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> commands = new ConcurrentHashMap<>();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        @Override
        public Connection open(String hostName, ConnectionSpec spec) {
            opened.computeIfAbsent(hostName, h -> new AtomicInteger()).incrementAndGet();
            LocalConnection local = new LocalConnection();
            return new Connection() {
                @Override
                public RemoteProcess start(String command, boolean interactive) {
                    commands.computeIfAbsent(hostName, h -> new AtomicInteger()).incrementAndGet();
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    return counted(local.start(command, interactive));
                }

                @Override
                public String describe() {
                    return "local (counted)";
                }

                @Override
                public boolean isRoot() {
                    return local.isRoot();
                }

                @Override
                public void close() {
                }
            };
        }

        RemoteProcess counted(RemoteProcess p) {
            return new RemoteProcess() {
                private boolean done;

                @Override
                public OutputStream stdin() {
                    return p.stdin();
                }

                @Override
                public InputStream stdout() {
                    return p.stdout();
                }

                @Override
                public InputStream stderr() {
                    return p.stderr();
                }

                @Override
                public synchronized OptionalInt waitFor(Duration timeout) throws InterruptedException {
                    OptionalInt s = p.waitFor(timeout);
                    if (s.isPresent() && !done) {
                        done = true;
                        running.decrementAndGet();
                    }
                    return s;
                }

                @Override
                public void kill(long pid) {
                    p.kill(pid);
                }
            };
        }

        @Override
        public void close() {
        }
    }

    @Test
    void oneConnectionAndOneCommandPerHostAndForksBoundsHostsAtOnce() {
        CountingConnector connector = new CountingConnector();
        List<HostSelector> hosts = IntStream.rangeClosed(1, 5).mapToObj(i -> HostSelector.of(new InventoryHost(
                "kvm" + i, Map.of("ansible_connection", "local"), List.of()))).toList();
        var results = EngineTestKit.engine(new HostChecksEngine(() -> connector)).selectors(hosts)
                .configurationParameters(Map.of(CheckParameters.FORKS, "2")).execute();
        assertEquals(5 * 13, results.testEvents().finished().count() + results.testEvents().skipped().count());
        for (int i = 1; i <= 5; i++) {
            assertEquals(1, connector.opened.get("kvm" + i).get(), "connections to kvm" + i);
            assertEquals(1, connector.commands.get("kvm" + i).get(), "commands on kvm" + i);
        }
        assertTrue(connector.mostAtOnce.get() <= 2, "at most 2 hosts at once, saw " + connector.mostAtOnce.get());
    }
}
