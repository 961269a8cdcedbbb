package dev.kvmforge.checks.spec;

import dev.kvmforge.checks.model.Check;
import dev.kvmforge.checks.model.CheckGroup;
import dev.kvmforge.checks.model.Severity;
import dev.kvmforge.checks.probe.Probe;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.SourceLocation;
import dev.kvmforge.runner.error.Suggestions;
import dev.kvmforge.runner.yaml.Yaml;
import dev.kvmforge.runner.yaml.YamlMap;
import dev.kvmforge.runner.yaml.YamlNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A YAML check spec: checks written without Java, Goss-like, each with the same description as a built-in check and
 * one resource it tests. The checks of a file form one group, named after the file ({@code site.yml}: {@code site}).
 *
 * <pre>
 * - id: SITE-SSH
 *   title: sshd runs and starts at boot
 *   severity: high
 *   rationale: operators reach the host over SSH
 *   hint: systemctl enable --now ssh
 *   tags: [access]
 *   service: {name: ssh, process: sshd, running: true, enabled: true}
 *
 * - id: SITE-NO-TCP-LIBVIRT
 *   title: libvirt does not listen on plain TCP
 *   severity: critical
 *   port: {port: 16509, listening: false}
 * </pre>
 *
 * <p>Resources: {@code file}, {@code package}, {@code service}, {@code command}, {@code sysctl}, {@code port},
 * {@code process}, {@code user}, {@code group} (see {@link FileSpec} and its siblings for their keys). Every mistake
 * is an error at its file:line:column with the nearest valid keys or values.
 */
public final class SpecFile {

    /**
     * A check read from a spec.
     *
     * @param check    the check
     * @param location where its id is written
     */
    public record SpecCheck(Check check, SourceLocation location) {
    }

    /** The keys every spec check may have besides its resource. */
    static final List<String> CHECK_KEYS = List.of("id", "title", "severity", "rationale", "hint", "tags",
            "references");

    private static final Map<String, Function<MappingReader, ResourceSpec>> RESOURCES = resources();

    private SpecFile() {
    }

    private static Map<String, Function<MappingReader, ResourceSpec>> resources() {
        Map<String, Function<MappingReader, ResourceSpec>> m = new LinkedHashMap<>();
        m.put("file", FileSpec::read);
        m.put("package", PackageSpec::read);
        m.put("service", ServiceSpec::read);
        m.put("command", CommandSpec::read);
        m.put("sysctl", SysctlSpec::read);
        m.put("port", PortSpec::read);
        m.put("process", ProcessSpec::read);
        m.put("user", UserSpec::read);
        m.put("group", GroupSpec::read);
        return m;
    }

    /** The resources a spec check may test. */
    public static List<String> resourceKinds() {
        return List.copyOf(RESOURCES.keySet());
    }

    /**
     * Reads the checks of a spec file.
     *
     * @throws KvmforgeException a {@code PARSE} error at the file:line:column of the first mistake
     */
    public static List<SpecCheck> read(Path file) {
        return read(Yaml.read(file), groupOf(file));
    }

    /** Reads spec text, naming it {@code source} in locations; its checks go in the group {@code groupId}. */
    public static List<SpecCheck> read(String text, String source, String groupId) {
        return read(Yaml.read(text, source), groupId);
    }

    /** The group of a file's checks: its name without extension, in lower case ({@code Site_Checks.yml}: {@code site_checks}). */
    static String groupOf(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.(ya?ml)$", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_-]+", "-").replaceAll("^[-_]+", "");
        return name.isEmpty() ? "spec" : name;
    }

    private static List<SpecCheck> read(YamlNode root, String groupId) {
        if (root instanceof YamlMap m && m.keys().isEmpty()) {
            throw KvmforgeException.parse(root.location(), "the spec file has no checks",
                    "write a list of checks, each starting with '- id: '");
        }
        CheckGroup group = new CheckGroup(groupId, groupId);
        List<SpecCheck> checks = new ArrayList<>();
        Map<String, SourceLocation> seen = new HashMap<>();
        for (MappingReader c : MappingReader.list(root, "a spec file", "check")) {
            SpecCheck check = check(c, group);
            SourceLocation first = seen.putIfAbsent(check.check().id(), check.location());
            if (first != null) {
                throw KvmforgeException.parse(check.location(), "the check id " + check.check().id()
                        + " is used twice (first at " + first + ")", "give each check its own id");
            }
            checks.add(check);
        }
        return checks;
    }

    private static SpecCheck check(MappingReader c, CheckGroup group) {
        List<String> valid = new ArrayList<>(CHECK_KEYS);
        valid.addAll(RESOURCES.keySet());
        c.onlyKeys(valid, "keys of a check (" + String.join(", ", CHECK_KEYS) + ", and one of "
                + String.join(", ", RESOURCES.keySet()) + ")");
        String id = c.text("id");
        if (!id.matches("[A-Z0-9]+(-[A-Z0-9]+)*")) {
            String better = id.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "-").replaceAll("^-|-$", "");
            throw c.error("id", "a check id is upper-case words and digits joined by '-', not '" + id + "'",
                    better.isEmpty() ? "for example SITE-SSH-RUNNING" : "for example " + better);
        }
        List<String> kinds = c.keys().stream().filter(RESOURCES::containsKey).toList();
        if (kinds.isEmpty()) {
            throw c.error("check " + id + " tests nothing", "add one of " + String.join(", ", RESOURCES.keySet()));
        }
        if (kinds.size() > 1) {
            throw KvmforgeException.parse(c.at(kinds.get(1)), "check " + id + " tests both " + kinds.get(0) + " and "
                    + kinds.get(1) + "; a check tests one thing", "split it into two checks with their own ids");
        }
        String kind = kinds.get(0);
        ResourceSpec resource = RESOURCES.get(kind).apply(c.mapping(kind, "the " + kind + " test of " + id));
        Check.Builder b = Check.define(id, c.text("title")).group(group).severity(severity(c))
                .rationale(c.optionalText("rationale").orElse("")).hint(c.optionalText("hint").orElse(""))
                .tags(tags(c)).reads(resource.probes().toArray(Probe<?>[]::new));
        for (String ref : c.texts("references")) {
            try {
                b.reference(new URI(ref).toString());
            } catch (URISyntaxException e) {
                throw c.error("references", "not a URI: '" + ref + "'", "write a link such as https://...");
            }
        }
        return new SpecCheck(b.evaluates(resource::evaluate), c.at("id"));
    }

    private static Severity severity(MappingReader c) {
        String text = c.optionalText("severity").orElse("medium");
        try {
            return Severity.parse(text);
        } catch (IllegalArgumentException e) {
            throw c.error("severity", "unknown severity '" + text + "'", Suggestions.hint(text.toLowerCase(Locale.ROOT),
                    Arrays.stream(Severity.values()).map(Severity::toString).toList(), "severities"));
        }
    }

    private static String[] tags(MappingReader c) {
        List<String> tags = c.texts("tags");
        for (String t : tags) {
            if (!t.matches("[a-z0-9][a-z0-9._-]*")) {
                throw c.error("tags", "a tag is lower-case letters, digits, '.', '-' and '_', not '" + t + "'", null);
            }
        }
        return tags.toArray(String[]::new);
    }
}
