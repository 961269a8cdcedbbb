package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.host.InstalledPackages;
import dev.kvmforge.runner.host.ServiceTools;
import dev.kvmforge.runner.modules.PackageManager.Goal;
import dev.kvmforge.runner.modules.PackageManager.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code package} (also {@code apt} and {@code dnf}): packages present, absent or latest, all names in one
 * transaction. Logical names of the virtualization stack ({@code qemu-kvm}, {@code libvirt-clients}...) become the
 * host's real names (see {@link PackageNames}). The plan is the package manager's own simulation ({@code apt-get -s}),
 * so check mode lists exactly the packages, dependencies included, that the real run would change. A name the
 * package manager does not know is an error before anything changes. A held dpkg/apt lock is waited for, up to
 * {@code lock_timeout} seconds.
 */
public final class PackageModule implements Module<PackageModule.Params> {

    /** The states Ansible's package modules take. */
    public enum State {
        PRESENT, ABSENT, LATEST;

        @JsonCreator
        public static State parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "present", "installed" -> PRESENT;
                case "absent", "removed" -> ABSENT;
                case "latest" -> LATEST;
                default -> throw new IllegalArgumentException("state '" + s + "' is not one of present, absent, latest");
            };
        }
    }

    /**
     * @param name           a package name or a list of them (logical names are mapped)
     * @param state          present (default), absent or latest
     * @param updateCache    refresh the package cache first
     * @param cacheValidTime with update_cache: refresh only when the cache is older than this many seconds
     * @param lockTimeout    seconds to wait for a package manager lock held by another process (default 120)
     * @param installRecommends install recommended packages too (apt; weak dependencies on dnf); unset: the
     *                       package manager's own default
     */
    public record Params(@JsonAlias({"pkg", "names"}) List<String> name, State state, Boolean updateCache,
                         Long cacheValidTime, Long lockTimeout, Boolean installRecommends) {
        public Params {
            name = name == null ? List.of() : name.stream().flatMap(n -> List.of(n.split(",")).stream())
                    .map(String::strip).filter(n -> !n.isEmpty()).toList();
            for (String n : name) {
                if (!n.matches("[A-Za-z0-9\\[][A-Za-z0-9+._:=~*?\\[\\]-]*")) {
                    throw new IllegalArgumentException("'" + n + "' is not a package name");
                }
            }
            state = state == null ? State.PRESENT : state;
            if (name.isEmpty() && !Boolean.TRUE.equals(updateCache)) {
                throw new IllegalArgumentException("give 'name' (a package or a list), or update_cache: true");
            }
        }
    }

    private static final String REFRESH = "refresh the package cache";

    @Override
    public String name() {
        return "package";
    }

    @Override
    public List<String> aliases() {
        return List.of("apt", "dnf", "yum");
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public Plan plan(ModuleContext context, Params p) {
        Host host = context.host();
        PackageManager pm = PackageManager.of(host, p.installRecommends());
        List<Change> changes = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        boolean refresh = Boolean.TRUE.equals(p.updateCache()) && cacheStale(host, pm, p);
        if (refresh) {
            changes.add(Change.of(REFRESH));
        }
        values.put("cache_update_planned", refresh);
        if (p.name().isEmpty()) {
            return new Plan(changes, values);
        }
        List<String> real = PackageNames.resolve(p.name(), host.facts());
        if (pm instanceof PackageManager.Apt) {
            real = expandWildcards(host, real);
        }
        values.put("packages", real);
        Goal goal = Goal.valueOf(p.state().name());
        InstalledPackages db = host.fact(InstalledPackages.FACT);
        if (goal == Goal.PRESENT && db.allInstalled(real) || goal == Goal.ABSENT && db.noneInstalled(real)) {
            return new Plan(changes, values);
        }
        String simulation = refresh ? pm.simulateWithFreshLists(goal, real) : pm.simulate(goal, real);
        List<Step> steps = simulate(host, pm, simulation);
        for (Step s : steps) {
            changes.add(Change.of(s.toString()));
        }
        if (!steps.isEmpty() && goal != Goal.ABSENT) {
            context.forecast().willInstall(steps.stream().map(Step::name).toList());
        }
        return new Plan(changes, values);
    }

    /**
     * apt's names with shell wildcards ({@code python3*-libvirt}, {@code python[3]-libvirt}) as the packages of the
     * cache they match, as Ansible's apt module reads them; a pattern that matches none is an error naming it.
     */
    private static List<String> expandWildcards(Host host, List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            int wild = indexOfWildcard(n);
            if (wild < 0 || n.contains("=")) {
                out.add(n);
                continue;
            }
            java.nio.file.PathMatcher glob = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + n);
            String prefix = n.substring(0, wild);
            List<String> matched = java.util.Arrays.stream(host.check("apt-cache pkgnames "
                    + dev.kvmforge.runner.connection.Shell.quote(prefix)).split("\n")).map(String::strip)
                    .filter(x -> !x.isEmpty() && glob.matches(java.nio.file.Path.of(x))).sorted().toList();
            if (matched.isEmpty()) {
                throw new KvmforgeException(ErrorKind.TASK, "no package matches '" + n + "' on this host", null,
                        "check the pattern, or set update_cache: true when the package lists are missing or old");
            }
            out.addAll(matched);
        }
        return out;
    }

    private static int indexOfWildcard(String n) {
        for (int i = 0; i < n.length(); i++) {
            if ("*?[".indexOf(n.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean cacheStale(Host host, PackageManager pm, Params p) {
        if (p.cacheValidTime() == null) {
            return true;
        }
        try {
            return Long.parseLong(host.check(pm.cacheAge()).strip()) > p.cacheValidTime();
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static void refresh(Host host, PackageManager pm, Params p) {
        ExecResult r = pm.runWaitingForLock(host, pm.refreshCache(), lockTimeout(p));
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "refreshing the package cache failed: "
                    + lastLines(r.stderr() + r.stdout()), null, "check the host's package sources and network");
        }
    }

    private static List<Step> simulate(Host host, PackageManager pm, String simulation) {
        ExecResult r = pm.runWaitingForLock(host, simulation, Duration.ofMinutes(2));
        List<String> unknown = pm.unknownNames(r.stderr() + r.stdout());
        if (!unknown.isEmpty()) {
            throw new KvmforgeException(ErrorKind.TASK, "no package named " + String.join(", ", unknown)
                    + " on this host", null, "check the spelling, or set update_cache: true when the package lists"
                    + " are missing or old");
        }
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "the package manager cannot plan this: "
                    + lastLines(r.stderr() + r.stdout()), null, null);
        }
        return pm.steps(r.stdout());
    }

    private static Duration lockTimeout(Params p) {
        return Duration.ofSeconds(p.lockTimeout() == null ? 120 : p.lockTimeout());
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        Host host = context.host();
        PackageManager pm = PackageManager.of(host, p.installRecommends());
        Map<String, Object> values = new LinkedHashMap<>(plan.values());
        boolean cacheUpdated = false;
        if (Boolean.TRUE.equals(plan.values().get("cache_update_planned"))) {
            refresh(host, pm, p);
            cacheUpdated = true;
        }
        values.put("cache_updated", cacheUpdated);
        values.remove("cache_update_planned");
        if (p.name().isEmpty()) {
            return new ModuleResult(cacheUpdated, false, null, values, List.of());
        }
        @SuppressWarnings("unchecked")
        List<String> real = (List<String>) plan.values().get("packages");
        Goal goal = Goal.valueOf(p.state().name());
        List<String> steps = cacheUpdated
                ? simulate(host, pm, pm.simulate(goal, real)).stream().map(Step::toString).toList()
                : plan.changes().stream().map(Change::summary).filter(c -> !c.equals(REFRESH)).toList();
        if (steps.isEmpty()) {
            return ModuleResult.ok(values);
        }
        ExecResult r = pm.runWaitingForLock(host, pm.carryOut(goal, real), lockTimeout(p));
        // what is installed changed, and perhaps the tools that drive services: later tasks read both again
        host.forget(InstalledPackages.FACT);
        host.forget(ServiceTools.FACT);
        values.put("stdout", r.stdout());
        values.put("stderr", r.stderr());
        values.put("changes", steps);
        if (!r.ok()) {
            return new ModuleResult(true, true, "the package manager failed (exit status " + r.exitStatus() + "): "
                    + lastLines(r.stderr() + r.stdout()), values, List.of());
        }
        return ModuleResult.changed(values);
    }

    @Override
    public ModuleResult planned(ModuleContext context, Params p, Plan plan) {
        boolean packagesChange = plan.changes().stream().anyMatch(c -> !c.summary().equals(REFRESH));
        boolean changed = p.name().isEmpty() ? !plan.isEmpty() : packagesChange;
        return new ModuleResult(changed, false, null, plan.values(), List.of());
    }

    private static String lastLines(String s) {
        String[] lines = s.strip().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 5), lines.length));
    }
}
