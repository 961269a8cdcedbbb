package dev.kvmforge.checks.engine;

import dev.kvmforge.checks.catalogue.CheckCatalogue;
import dev.kvmforge.checks.catalogue.CheckSources;
import dev.kvmforge.checks.waiver.Waivers;
import dev.kvmforge.runner.error.KvmforgeException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * What a run will check, decided from its parameters before any host is contacted: every check its sources define,
 * those selected by {@code kvmforge.checks} and {@code kvmforge.tags}, and the waivers. The engine builds its tree from
 * it; {@code VerificationRun} and the CLI use it to refuse a bad spec, waiver or selection before the run, and to
 * list the checks.
 *
 * @param all      every check of the sources
 * @param selected the checks the run will evaluate on each host
 * @param waivers  the waivers (none without a waivers file)
 */
public record CheckPlan(CheckCatalogue all, CheckCatalogue selected, Waivers waivers) {

    /**
     * The plan of a run with these engine parameters, built-in checks included, with the checks of {@code classes}
     * added to those of {@link CheckParameters#CHECK_CLASSES}.
     *
     * @throws KvmforgeException {@code PARSE} for a spec, class or waivers file that cannot be read, {@code OPTIONS}
     *                           for a bad parameter or a check id or tag that names nothing
     */
    public static CheckPlan of(Map<String, String> parameters, List<Class<?>> classes) {
        return of(EngineSettings.from(new MapParameters(parameters)), classes, true);
    }

    static CheckPlan of(EngineSettings settings, List<Class<?>> classes, boolean builtIn) {
        Set<Class<?>> all = new LinkedHashSet<>();
        for (String name : settings.checkClasses()) {
            all.add(load(name));
        }
        all.addAll(classes);
        CheckCatalogue catalogue = new CheckSources(builtIn, settings.specs(), new ArrayList<>(all)).load();
        CheckCatalogue selected = catalogue.select(settings.checks(), settings.tags());
        Waivers waivers = settings.waivers() == null ? Waivers.none()
                : Waivers.read(settings.waivers(), catalogue.checks().stream().map(c -> c.id()).toList());
        return new CheckPlan(catalogue, selected, waivers);
    }

    private static Class<?> load(String name) {
        return ReflectionSupport.tryToLoadClass(name).toOptional().orElseThrow(() -> KvmforgeException.options(
                CheckParameters.CHECK_CLASSES + ": no class " + name + " on the class path",
                "write the fully qualified name (com.example.SiteChecks) of a class on the test class path"));
    }

    /** Engine parameters given as a map. */
    private record MapParameters(Map<String, String> values) implements ConfigurationParameters {

        @Override
        public Optional<String> get(String key) {
            return Optional.ofNullable(values.get(key));
        }

        @Override
        public Optional<Boolean> getBoolean(String key) {
            return get(key).map(Boolean::parseBoolean);
        }

        @Override
        public Set<String> keySet() {
            return values.keySet();
        }
    }
}
