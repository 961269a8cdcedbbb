package dev.kvmforge.checks.catalogue;

import dev.kvmforge.checks.model.Check;
import dev.kvmforge.checks.model.CheckGroup;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.Suggestions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An ordered set of checks with unique ids, and the rules to select some: by id (exact, or with {@code *} and
 * {@code ?} wildcards: {@code HV-*}, {@code LV-DAEMONS}), and by tag.
 */
public final class CheckCatalogue {

    private final Map<String, Check> checks;

    private CheckCatalogue(Map<String, Check> checks) {
        this.checks = checks;
    }

    /** The built-in checks: hypervisor, then libvirt, then QEMU. */
    public static CheckCatalogue builtIn() {
        List<Check> all = new ArrayList<>(HypervisorChecks.all());
        all.addAll(LibvirtChecks.all());
        all.addAll(QemuChecks.all());
        return of(all);
    }

    /**
     * A catalogue of these checks, in this order.
     *
     * @throws IllegalArgumentException when two checks share an id
     */
    public static CheckCatalogue of(Collection<Check> list) {
        Map<String, Check> m = new LinkedHashMap<>();
        for (Check c : list) {
            if (m.putIfAbsent(c.id(), c) != null) {
                throw new IllegalArgumentException("two checks have the id " + c.id());
            }
        }
        return new CheckCatalogue(m);
    }

    /** Every check, in order. */
    public List<Check> checks() {
        return List.copyOf(checks.values());
    }

    public Optional<Check> find(String id) {
        return Optional.ofNullable(checks.get(id));
    }

    /** Every tag some check carries, sorted. */
    public Set<String> tags() {
        Set<String> t = new java.util.TreeSet<>();
        checks.values().forEach(c -> t.addAll(c.info().tags()));
        return t;
    }

    /** The groups of the checks, in order of their first check. */
    public List<CheckGroup> groups() {
        Set<CheckGroup> g = new LinkedHashSet<>();
        checks.values().forEach(c -> g.add(c.info().group()));
        return List.copyOf(g);
    }

    /**
     * The checks matching any of {@code idPatterns} (none: all) and carrying any of {@code tags} (none: all), in
     * catalogue order. Ids match case-insensitively.
     *
     * @throws KvmforgeException an {@code OPTIONS} error naming a pattern that matches no check or a tag no check
     *                           carries, with the nearest ids or tags
     */
    public CheckCatalogue select(Collection<String> idPatterns, Collection<String> tags) {
        Set<String> allTags = tags();
        for (String t : tags) {
            if (!allTags.contains(t)) {
                throw KvmforgeException.options("no check has the tag '" + t + "'",
                        Suggestions.hint(t, allTags, "tags"));
            }
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String p : idPatterns) {
            Pattern compiled = glob(p);
            if (checks.keySet().stream().noneMatch(id -> compiled.matcher(id).matches())) {
                throw KvmforgeException.options("no check matches '" + p + "'",
                        Suggestions.hint(p.toUpperCase(Locale.ROOT), checks.keySet(), "check ids"));
            }
            patterns.add(compiled);
        }
        Map<String, Check> selected = new LinkedHashMap<>();
        for (Check c : checks.values()) {
            boolean idOk = patterns.isEmpty() || patterns.stream().anyMatch(p -> p.matcher(c.id()).matches());
            boolean tagOk = tags.isEmpty() || c.info().tags().stream().anyMatch(tags::contains);
            if (idOk && tagOk) {
                selected.put(c.id(), c);
            }
        }
        return new CheckCatalogue(selected);
    }

    /** Whether {@code id} matches a check-id pattern ({@code *} and {@code ?} wildcards, any case). */
    public static boolean matches(String pattern, String id) {
        return glob(pattern).matcher(id).matches();
    }

    private static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char ch : pattern.strip().toCharArray()) {
            switch (ch) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
    }

    public int size() {
        return checks.size();
    }

    @Override
    public String toString() {
        return "CheckCatalogue" + checks.keySet();
    }
}
