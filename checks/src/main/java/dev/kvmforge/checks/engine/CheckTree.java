package dev.kvmforge.checks.engine;

import dev.kvmforge.checks.annotated.AnnotatedChecks;
import dev.kvmforge.checks.catalogue.CheckCatalogue;
import dev.kvmforge.checks.model.Check;
import dev.kvmforge.checks.model.CheckGroup;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.inventory.Inventory;
import dev.kvmforge.runner.inventory.InventoryHost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.SelectorResolutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;

/**
 * Discovery: turns the request's selectors and configuration into the tree engine &gt; host &gt; group &gt; check.
 * Problems (an inventory that cannot be read, a check id that matches nothing) become discovery issues, which the
 * launcher reports; the tree is then empty.
 */
final class CheckTree {

    private final EngineDiscoveryRequest request;
    private final ChecksEngineDescriptor engine;

    private CheckTree(EngineDiscoveryRequest request, ChecksEngineDescriptor engine) {
        this.request = request;
        this.engine = engine;
    }

    static void build(EngineDiscoveryRequest request, ChecksEngineDescriptor engine) {
        new CheckTree(request, engine).build();
    }

    private void build() {
        List<ClassSelector> markers = request.getSelectorsByType(ClassSelector.class).stream()
                .filter(s -> s.getClassName().equals(HostChecksEngine.MARKER_CLASS)).toList();
        List<ClassSelector> checkClasses = request.getSelectorsByType(ClassSelector.class).stream()
                .filter(s -> !s.getClassName().equals(HostChecksEngine.MARKER_CLASS) && declaresChecks(s)).toList();
        List<UniqueIdSelector> ids = request.getSelectorsByType(UniqueIdSelector.class).stream()
                .filter(s -> s.getUniqueId().hasPrefix(engine.getUniqueId())).toList();
        List<HostSelector> hostSelectors = request.getSelectorsByType(HostSelector.class);
        List<CheckSelector> checkSelectors = request.getSelectorsByType(CheckSelector.class);
        if (markers.isEmpty() && checkClasses.isEmpty() && ids.isEmpty() && hostSelectors.isEmpty()
                && checkSelectors.isEmpty()) {
            return;
        }
        boolean builtIn = !markers.isEmpty() || !ids.isEmpty() || !hostSelectors.isEmpty() || !checkSelectors.isEmpty();
        boolean everything = !markers.isEmpty() || !checkClasses.isEmpty() || !hostSelectors.isEmpty()
                || !checkSelectors.isEmpty() || ids.stream().anyMatch(s -> s.getUniqueId().equals(engine.getUniqueId()));
        try {
            EngineSettings settings = EngineSettings.from(request.getConfigurationParameters());
            CheckPlan plan = CheckPlan.of(settings, checkClasses.stream().<Class<?>>map(ClassSelector::getJavaClass)
                    .toList(), builtIn);
            engine.waivers(plan.waivers());
            List<Check> checks = checks(plan, checkSelectors);
            List<InventoryHost> hosts = hosts(settings, hostSelectors);
            for (InventoryHost h : hosts) {
                HostDescriptor hd = new HostDescriptor(engine.getUniqueId(), h);
                Map<CheckGroup, GroupDescriptor> groups = new LinkedHashMap<>();
                for (Check c : checks) {
                    CheckGroup g = c.info().group();
                    UniqueId checkId = hd.getUniqueId().append(HostChecksEngine.GROUP_SEGMENT, g.id())
                            .append(HostChecksEngine.CHECK_SEGMENT, c.id());
                    if (everything || ids.stream().anyMatch(s -> checkId.hasPrefix(s.getUniqueId()))) {
                        GroupDescriptor gd = groups.computeIfAbsent(g,
                                x -> new GroupDescriptor(hd.getUniqueId(), h.name(), x));
                        gd.addChild(new CheckDescriptor(gd.getUniqueId(), c));
                    }
                }
                groups.values().forEach(hd::addChild);
                if (!groups.isEmpty()) {
                    engine.addChild(hd);
                }
            }
            markers.forEach(s -> processed(s, true));
            checkClasses.forEach(s -> processed(s, true));
            hostSelectors.forEach(s -> processed(s, true));
            checkSelectors.forEach(s -> processed(s, true));
            for (UniqueIdSelector s : ids) {
                processed(s, engine.findByUniqueId(s.getUniqueId()).isPresent());
            }
        } catch (KvmforgeException e) {
            new ArrayList<>(engine.getChildren()).forEach(engine::removeChild);
            issue(DiscoveryIssue.Severity.ERROR, e.getMessage());
        }
    }

    /** Whether the selected class has {@code @HostCheck} methods (a class that cannot be loaded is not ours). */
    private static boolean declaresChecks(ClassSelector s) {
        try {
            return AnnotatedChecks.declaresChecks(s.getJavaClass());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static List<Check> checks(CheckPlan plan, List<CheckSelector> selectors) {
        if (selectors.isEmpty()) {
            return plan.selected().checks();
        }
        List<String> patterns = selectors.stream().map(CheckSelector::pattern).toList();
        plan.all().select(patterns, List.of()); // throws for a pattern that names no check at all
        return plan.selected().checks().stream()
                .filter(c -> patterns.stream().anyMatch(p -> CheckCatalogue.matches(p, c.id()))).toList();
    }

    private List<InventoryHost> hosts(EngineSettings settings, List<HostSelector> selectors) {
        Map<String, InventoryHost> given = new LinkedHashMap<>();
        selectors.forEach(s -> s.inventoryHost().ifPresent(h -> given.putIfAbsent(h.name(), h)));
        Inventory inventory;
        if (!given.isEmpty()) {
            inventory = Inventory.of(List.copyOf(given.values()));
        } else if (settings.inventory().isEmpty()) {
            inventory = Inventory.localhost();
        } else {
            inventory = Inventory.load(settings.inventory());
            inventory.warnings().forEach(w -> issue(DiscoveryIssue.Severity.WARNING, w));
        }
        List<InventoryHost> hosts = new ArrayList<>(inventory.select(settings.limit() == null ? Inventory.ALL
                : settings.limit()));
        if (hosts.isEmpty() && settings.limit() != null) {
            issue(DiscoveryIssue.Severity.WARNING, CheckParameters.LIMIT + " '" + settings.limit()
                    + "' matches no host of the inventory");
        }
        List<String> named = selectors.stream().filter(s -> s.inventoryHost().isEmpty()).map(HostSelector::name).toList();
        if (!named.isEmpty() && given.isEmpty()) {
            List<InventoryHost> picked = new ArrayList<>();
            for (String n : named) {
                Optional<InventoryHost> h = hosts.stream().filter(x -> x.name().equals(n)).findFirst()
                        .or(() -> settings.limit() == null ? inventory.host(n) : Optional.empty());
                if (h.isPresent()) {
                    if (picked.stream().noneMatch(x -> x.name().equals(n))) {
                        picked.add(h.get());
                    }
                } else {
                    issue(DiscoveryIssue.Severity.WARNING, "no host '" + n + "' in the inventory"
                            + (settings.limit() == null ? "" : " within " + CheckParameters.LIMIT + " '"
                            + settings.limit() + "'"));
                }
            }
            return picked;
        }
        return hosts;
    }

    private void issue(DiscoveryIssue.Severity severity, String message) {
        request.getDiscoveryListener().issueEncountered(engine.getUniqueId(), DiscoveryIssue.create(severity, message));
    }

    private void processed(DiscoverySelector selector, boolean resolved) {
        request.getDiscoveryListener().selectorProcessed(engine.getUniqueId(), selector,
                resolved ? SelectorResolutionResult.resolved() : SelectorResolutionResult.unresolved());
    }
}
