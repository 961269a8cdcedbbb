package dev.kvmforge.checks;

import dev.kvmforge.checks.engine.CheckParameters;
import dev.kvmforge.checks.engine.CheckPlan;
import dev.kvmforge.checks.engine.EarlyLogins;
import dev.kvmforge.checks.engine.HostChecksEngine;
import dev.kvmforge.checks.engine.HostSelector;
import dev.kvmforge.checks.model.Severity;
import dev.kvmforge.runner.connection.Controller;
import dev.kvmforge.runner.connection.HostKeyPolicy;
import dev.kvmforge.runner.connection.KeptSessions;
import dev.kvmforge.runner.connection.StandardConnector;
import dev.kvmforge.runner.inventory.HostSlice;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.inventory.InventoryHost;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherExecutionRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the host checks through the JUnit Platform launcher: the Java API behind {@code kvmforge verify} and
 * {@code mvn kvm:verify}. Reporters are ordinary {@link TestExecutionListener}s (legacy XML, summary, or kvmforge's
 * own); the result gathers every check's outcome.
 *
 * <pre>{@code
 * VerificationRun run = VerificationRun.of(Inventory.load(Path.of("hosts.ini")))
 *         .withLimit("kvm*")
 *         .withChecks("HV-*", "LV-TCP-NOAUTH", "SITE-*")
 *         .withSpecs(Path.of("site.yml"))
 *         .withWaivers(Path.of("waivers.yml"))
 *         .withFailOn(Severity.HIGH)
 *         .withListener(new JUnitXmlReport(Path.of("target/kvm-verify.xml")));
 * VerificationResult r = run.run();
 * int exitCode = r.exitCode(run.failOn());
 * }</pre>
 *
 * <p>Implicit configuration ({@code junit-platform.properties}, system properties) is not read: the run is what the
 * caller sets here. The {@code withX} methods take "not set" as it comes from a door's options: a null limit or file,
 * no ids, tags or specs, leave the run as it was. {@link dev.kvmforge.checks.report.ReportSet} adds the console and
 * file reports a door writes.
 */
public final class VerificationRun {

    private Inventory inventory;
    private final List<Path> inventoryFiles = new ArrayList<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final List<TestExecutionListener> listeners = new ArrayList<>();
    private final List<Class<?>> checkClasses = new ArrayList<>();
    private Severity failOn = Severity.INFO;
    private final CancellationToken cancellation = CancellationToken.create();
    private KeptSessions kept;
    private HostSlice slice;
    private Controller controller;

    private VerificationRun() {
    }

    /** Checks the local host only. */
    public static VerificationRun localhost() {
        return of(Inventory.localhost());
    }

    /** Checks the hosts of an inventory built or loaded in code. */
    public static VerificationRun of(Inventory inventory) {
        VerificationRun run = new VerificationRun();
        run.inventory = inventory;
        return run;
    }

    /** Checks the hosts of these inventory files or directories (read by the engine). */
    public static VerificationRun of(Path... inventorySources) {
        VerificationRun run = new VerificationRun();
        run.inventoryFiles.addAll(List.of(inventorySources));
        return run;
    }

    /** Only the hosts matching this pattern ({@code kvm*}, {@code hypervisors:!kvm3}); null or blank: all. */
    public VerificationRun withLimit(String hostPattern) {
        if (hostPattern == null || hostPattern.isBlank()) {
            return this;
        }
        return withConfigurationParameter(CheckParameters.LIMIT, hostPattern);
    }

    /** Only these checks (ids, or patterns with {@code *} and {@code ?}); none: all. */
    public VerificationRun withChecks(String... idPatterns) {
        return withList(CheckParameters.CHECKS, List.of(idPatterns));
    }

    /** Only these checks (ids, or patterns with {@code *} and {@code ?}); an empty list: all. */
    public VerificationRun withChecks(List<String> idPatterns) {
        return withList(CheckParameters.CHECKS, idPatterns);
    }

    /** Only checks with one of these tags; none: all. */
    public VerificationRun withTags(String... tags) {
        return withList(CheckParameters.TAGS, List.of(tags));
    }

    /** Only checks with one of these tags; an empty list: all. */
    public VerificationRun withTags(List<String> tags) {
        return withList(CheckParameters.TAGS, tags);
    }

    private VerificationRun withList(String key, List<String> values) {
        List<String> given = values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
        return given.isEmpty() ? this : withConfigurationParameter(key, String.join(",", given));
    }

    /** Read configuration, images and processes under this directory of each host (see {@link CheckParameters#ROOT}). */
    public VerificationRun withRoot(String directory) {
        return withConfigurationParameter(CheckParameters.ROOT, directory);
    }

    /** At most this many hosts at once. */
    public VerificationRun withForks(int forks) {
        return withConfigurationParameter(CheckParameters.FORKS, String.valueOf(forks));
    }

    /** Also run the checks of these YAML spec files ({@link dev.kvmforge.checks.spec.SpecFile}). */
    public VerificationRun withSpecs(Path... specFiles) {
        return withSpecs(List.of(specFiles));
    }

    /** Also run the checks of these YAML spec files ({@link dev.kvmforge.checks.spec.SpecFile}), in order. */
    public VerificationRun withSpecs(List<Path> specFiles) {
        if (specFiles.isEmpty()) {
            return this;
        }
        List<String> all = new ArrayList<>();
        String before = parameters.get(CheckParameters.SPECS);
        if (before != null) {
            all.add(before);
        }
        specFiles.forEach(f -> all.add(f.toString()));
        return withConfigurationParameter(CheckParameters.SPECS, String.join(",", all));
    }

    /** Also run the {@link dev.kvmforge.checks.annotated.HostCheck} methods of these classes. */
    public VerificationRun withCheckClasses(Class<?>... classes) {
        checkClasses.addAll(List.of(classes));
        return this;
    }

    /** Apply the waivers of this file ({@link dev.kvmforge.checks.waiver.Waivers}); null: none. */
    public VerificationRun withWaivers(Path waiversFile) {
        if (waiversFile == null) {
            return this;
        }
        return withConfigurationParameter(CheckParameters.WAIVERS, waiversFile.toString());
    }

    /**
     * A FAIL or ERROR fails the run only at this severity or above (default {@link Severity#INFO}: every one does),
     * for {@link VerificationResult#exitCode} and for what listeners see as failed.
     */
    public VerificationRun withFailOn(Severity lowest) {
        this.failOn = lowest;
        return withConfigurationParameter(CheckParameters.FAIL_ON, lowest.toString());
    }

    /** The severity set by {@link #withFailOn}. */
    public Severity failOn() {
        return failOn;
    }

    /** Check SSH host keys against this known_hosts file (null: {@code ~/.ssh/known_hosts}) with this policy. */
    public VerificationRun withKnownHosts(Path knownHosts, HostKeyPolicy policy) {
        if (knownHosts != null) {
            withConfigurationParameter(CheckParameters.KNOWN_HOSTS, knownHosts.toString());
        }
        return withConfigurationParameter(CheckParameters.HOST_KEY_POLICY, policy.toString());
    }

    /** Any engine parameter ({@link CheckParameters}). */
    public VerificationRun withConfigurationParameter(String key, String value) {
        parameters.put(key, value);
        return this;
    }

    /** Also tell {@code listener} about every host and check as the run goes. */
    public VerificationRun withListener(TestExecutionListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * The launcher request this run sends, for callers that want to inspect or extend it. An inventory given in code
     * is sent as one {@link HostSelector} per host within the limit (none when the limit matches no host).
     */
    public LauncherDiscoveryRequest discoveryRequest() {
        Map<String, String> params = new LinkedHashMap<>(parameters);
        List<DiscoverySelector> selectors = new ArrayList<>();
        if (inventory != null) {
            params.remove(CheckParameters.LIMIT);
            selectedHosts().forEach(h -> selectors.add(HostSelector.of(h)));
            if (slice != null) {
                params.put(CheckParameters.SLICE, slice.toString());
                params.put(CheckParameters.SLICE_OF, inventory.select(limitOrAll()).stream().map(InventoryHost::name)
                        .collect(Collectors.joining(",")));
            }
        } else {
            params.put(CheckParameters.INVENTORY,
                    inventoryFiles.stream().map(Path::toString).collect(Collectors.joining(",")));
            selectors.add(DiscoverySelectors.selectClass(HostChecks.class));
        }
        checkClasses.forEach(c -> selectors.add(DiscoverySelectors.selectClass(c)));
        return LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .filters(EngineFilter.includeEngines(HostChecksEngine.ENGINE_ID))
                .enableImplicitConfigurationParameters(false)
                .configurationParameters(params)
                .build();
    }

    /**
     * What the run will check: every check of its sources, those selected, and the waivers. Reads the specs and
     * waivers and loads the check classes, so it is also how a door refuses them before contacting any host.
     *
     * @throws dev.kvmforge.runner.error.KvmforgeException {@code PARSE} for a spec, class or waivers file that
     *                                                     cannot be read, {@code OPTIONS} for a bad parameter or a
     *                                                     check id or tag that names nothing
     */
    public CheckPlan plan() {
        return CheckPlan.of(parameters, checkClasses);
    }

    /**
     * Runs the checks to the end (or until {@link #stop()}) and returns what they found.
     *
     * @throws dev.kvmforge.runner.error.KvmforgeException as {@link #plan()}, before any host is contacted
     */
    public VerificationResult run() {
        plan();
        LauncherDiscoveryRequest request = discoveryRequest();
        if (request.getSelectorsByType(DiscoverySelector.class).isEmpty()) {
            Instant now = Instant.now();
            boolean limited = inventory == null || !inventory.select(limitOrAll()).isEmpty();
            return new VerificationResult(List.of(), List.of(limited && slice != null
                    ? "slice " + slice + " has none of the hosts" + (parameters.get(CheckParameters.LIMIT) == null
                    ? "" : " within " + CheckParameters.LIMIT + " '" + parameters.get(CheckParameters.LIMIT) + "'")
                    : CheckParameters.LIMIT + " '" + parameters.get(CheckParameters.LIMIT)
                    + "' matches no host of the inventory"), now, now);
        }
        if (inventory != null) {
            // the hosts' logins go on while the platform discovers the checks
            EarlyLogins.start(parameters, selectedHosts(), kept);
        }
        ResultCollector collector = new ResultCollector();
        List<TestExecutionListener> all = new ArrayList<>(listeners);
        all.add(collector);
        try (LauncherSession session = kept == null && controller == null ? LauncherFactory.openSession()
                : LauncherFactory.openSession(LauncherConfig.builder().enableTestEngineAutoRegistration(false)
                        .addTestEngines(new HostChecksEngine(() -> new StandardConnector(
                                controller == null ? Controller.thisProcess() : controller, kept)))
                        .build())) {
            session.getLauncher().execute(LauncherExecutionRequestBuilder.request(request)
                    .listeners(all.toArray(TestExecutionListener[]::new))
                    .cancellationToken(cancellation)
                    .build());
        }
        return collector.result();
    }

    /**
     * Runs the local host's probes in {@code controller}'s working directory and environment (the CLI's resident
     * process gives each command its client's), instead of this process's.
     */
    public VerificationRun withController(Controller controller) {
        this.controller = controller;
        return this;
    }

    /**
     * Checks only the hosts of {@code slice} ({@code --slice I/N}; null: all): N runs with slices 1/N to N/N check
     * every host once. Applies to an inventory given in code ({@link #of(Inventory)}).
     */
    public VerificationRun withSlice(HostSlice slice) {
        this.slice = slice;
        return this;
    }

    /** The inventory's hosts within the limit and the slice. */
    private List<InventoryHost> selectedHosts() {
        return inventory.select(limitOrAll()).stream().filter(h -> slice == null || slice.contains(h.name())).toList();
    }

    private String limitOrAll() {
        String limit = parameters.get(CheckParameters.LIMIT);
        return limit == null ? Inventory.ALL : limit;
    }

    /**
     * Takes SSH sessions from {@code kept} where it can and gives them back at the end, instead of a login per host
     * (the CLI's resident process).
     */
    public VerificationRun withKeptSessions(KeptSessions kept) {
        this.kept = kept;
        return this;
    }

    /** Asks a running {@link #run()} to stop: checks not yet reported are skipped. */
    public void stop() {
        cancellation.cancel();
    }
}
