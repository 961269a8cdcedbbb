package dev.kvmforge.checks.engine;

import dev.kvmforge.checks.waiver.Waivers;
import dev.kvmforge.runner.connection.Connector;
import dev.kvmforge.runner.connection.StandardConnector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;

/**
 * kvmforge's host checks as a JUnit Platform engine, id {@value #ENGINE_ID}. It answers only when asked: for the marker
 * class {@code dev.kvmforge.checks.HostChecks}, a {@link HostSelector}, a {@link CheckSelector}, a class with
 * {@link dev.kvmforge.checks.annotated.HostCheck} methods, or one of its unique ids; a classpath scan alone never
 * connects to hosts.
 *
 * <p>Unique ids: {@code [engine:kvmforge-checks]/[host:web1]/[group:hypervisor]/[check:HV-DEV-KVM]}.
 */
public final class HostChecksEngine implements TestEngine {

    /** The engine id, for {@code @IncludeEngines} and {@code --include-engine}. */
    public static final String ENGINE_ID = "kvmforge-checks";
    /** The marker class whose class selector runs the checks (Surefire and IDEs send class selectors). */
    public static final String MARKER_CLASS = "dev.kvmforge.checks.HostChecks";
    /** Unique id segment type of a host. */
    public static final String HOST_SEGMENT = "host";
    /** Unique id segment type of a check group. */
    public static final String GROUP_SEGMENT = "group";
    /** Unique id segment type of a check. */
    public static final String CHECK_SEGMENT = "check";

    private final Supplier<Connector> connectors;

    /** The engine as the platform loads it: local hosts by process, the rest over SSH. */
    public HostChecksEngine() {
        this(StandardConnector::new);
    }

    /**
     * An engine reaching hosts through connectors from {@code connectors} (one per run): for a run whose SSH sessions
     * are kept ({@link dev.kvmforge.checks.VerificationRun#withKeptSessions}), and for tests.
     */
    public HostChecksEngine(Supplier<Connector> connectors) {
        this.connectors = connectors;
    }

    @Override
    public String getId() {
        return ENGINE_ID;
    }

    @Override
    public Optional<String> getGroupId() {
        return Optional.of("dev.kvmforge");
    }

    @Override
    public Optional<String> getArtifactId() {
        return Optional.of("kvmforge-checks");
    }

    @Override
    public Optional<String> getVersion() {
        return Optional.ofNullable(getClass().getPackage().getImplementationVersion()).or(() -> Optional.of("DEVELOPMENT"));
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        ChecksEngineDescriptor engine = new ChecksEngineDescriptor(uniqueId);
        CheckTree.build(request, engine);
        return engine;
    }

    @Override
    public void execute(ExecutionRequest request) {
        TestDescriptor engine = request.getRootTestDescriptor();
        EngineExecutionListener listener = new SerializedListener(request.getEngineExecutionListener());
        listener.executionStarted(engine);
        List<HostDescriptor> hosts = engine.getChildren().stream().filter(HostDescriptor.class::isInstance)
                .map(HostDescriptor.class::cast).toList();
        if (hosts.isEmpty()) {
            listener.executionFinished(engine, TestExecutionResult.successful());
            return;
        }
        TestExecutionResult result = TestExecutionResult.successful();
        EngineSettings settings;
        try {
            settings = EngineSettings.from(request.getConfigurationParameters());
        } catch (RuntimeException e) {
            listener.executionFinished(engine, TestExecutionResult.failed(e));
            return;
        }
        Waivers waivers = engine instanceof ChecksEngineDescriptor d ? d.waivers() : Waivers.none();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.forks(), hosts.size()), threads());
        try (Connector connector = connectors.get()) {
            List<Future<?>> running = new ArrayList<>();
            for (HostDescriptor h : hosts) {
                running.add(pool.submit(new HostVerification(h, settings, waivers, connector, listener,
                        request.getCancellationToken())));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    result = TestExecutionResult.failed(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = TestExecutionResult.aborted(e);
        } finally {
            pool.shutdownNow();
        }
        listener.executionFinished(engine, result);
    }

    private static ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "kvmforge-checks-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
