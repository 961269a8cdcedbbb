package dev.kvmforge.checks.catalogue;

import dev.kvmforge.checks.annotated.AnnotatedChecks;
import dev.kvmforge.checks.model.Check;
import dev.kvmforge.checks.spec.SpecFile;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a run's checks come from: the built-in catalogue, YAML spec files, and classes with
 * {@link dev.kvmforge.checks.annotated.HostCheck} methods.
 *
 * @param builtIn whether the built-in checks are included
 * @param specs   spec files, in order
 * @param classes classes of users' Java checks, in order
 */
public record CheckSources(boolean builtIn, List<Path> specs, List<Class<?>> classes) {

    public CheckSources {
        specs = List.copyOf(specs);
        classes = List.copyOf(classes);
    }

    /**
     * Every check of these sources: built-in ones first, then each spec file's, then each class's.
     *
     * @throws KvmforgeException a {@code PARSE} error for a spec or class that cannot be read, or for an id used
     *                           twice (naming both places)
     */
    public CheckCatalogue load() {
        Map<String, String> where = new LinkedHashMap<>();
        List<Check> all = new ArrayList<>();
        if (builtIn) {
            CheckCatalogue.builtIn().checks().forEach(c -> add(all, where, c, "a built-in check", null));
        }
        for (Path file : specs) {
            for (SpecFile.SpecCheck sc : SpecFile.read(file)) {
                add(all, where, sc.check(), "at " + sc.location(), sc.location().toString());
            }
        }
        for (Class<?> type : classes) {
            for (Check c : AnnotatedChecks.of(type)) {
                add(all, where, c, "in " + type.getName(), type.getName());
            }
        }
        return CheckCatalogue.of(all);
    }

    private static void add(List<Check> all, Map<String, String> where, Check c, String described, String place) {
        String first = where.putIfAbsent(c.id(), described);
        if (first != null) {
            throw new KvmforgeException(ErrorKind.PARSE, "the check id " + c.id() + " is already used by "
                    + (first.startsWith("a ") ? first : "the check " + first), place, "give each check its own id");
        }
        all.add(c);
    }
}
