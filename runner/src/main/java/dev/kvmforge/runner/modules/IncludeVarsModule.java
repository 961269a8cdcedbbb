package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.yaml.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code include_vars}: variables from YAML or JSON files on the controller, set on the host for the rest of the run
 * (as facts, at include_vars' precedence). A file is looked up in the role's {@code vars/}, the role, the playbook's
 * {@code vars/}, then the playbook's directory; {@code dir} reads every file of a directory in name order.
 */
public final class IncludeVarsModule implements ReadOnlyModule<IncludeVarsModule.Params> {

    /**
     * @param file           the file ({@code _raw_params}: the free-form text)
     * @param dir            a directory whose files are all read, sorted by name
     * @param name           put the variables under this one name instead of at the top
     * @param depth          with {@code dir}: how deep to go (0: all the way)
     * @param filesMatching  with {@code dir}: only file names matching this regular expression
     * @param ignoreFiles    with {@code dir}: file names to leave out
     * @param extensions     with {@code dir}: the extensions read (yaml, yml, json)
     * @param ignoreUnknownExtensions with {@code dir}: files of other extensions are left out, not an error
     * @param hashBehaviour  {@code replace} (default) or {@code merge}: a mapping read is merged into the host's
     */
    public record Params(@JsonAlias({"_raw_params", "free_form"}) String file, String dir, String name,
                         Integer depth, String filesMatching, List<String> ignoreFiles, List<String> extensions,
                         Boolean ignoreUnknownExtensions, String hashBehaviour) {
        public Params {
            if (hashBehaviour != null && !List.of("replace", "merge").contains(hashBehaviour)) {
                throw new IllegalArgumentException("hash_behaviour '" + hashBehaviour + "' is not one of merge,"
                        + " replace");
            }
            ignoreFiles = ignoreFiles == null ? List.of() : List.copyOf(ignoreFiles);
            extensions = extensions == null ? List.of("yaml", "yml", "json") : List.copyOf(extensions);
        }
    }

    private static final ParameterRules RULES = ParameterRules.NONE
            .requiredOneOf(List.of("file", "dir"), "the file or directory of variables")
            .mutuallyExclusive("file", "dir", null);

    @Override
    public String name() {
        return "include_vars";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public ParameterRules rules() {
        return RULES;
    }

    @Override
    public String freeFormParameter() {
        return "file";
    }

    @Override
    public ModuleResult read(ModuleContext context, Params p) {
        List<Path> files = new ArrayList<>();
        if (p.file() != null) {
            Path f = context.localFile(p.file(), "vars");
            if (!Files.isRegularFile(f)) {
                throw new KvmforgeException(ErrorKind.TASK, "include_vars: no file '" + p.file() + "' (looked in the"
                        + " role's vars/, the role, the playbook's vars/ and the playbook's directory)", null,
                        "give the path relative to one of them, or an absolute path");
            }
            files.add(f);
        } else {
            Path d = context.localFile(p.dir(), "vars");
            if (!Files.isDirectory(d)) {
                throw new KvmforgeException(ErrorKind.TASK, "include_vars: no directory '" + p.dir() + "'", null, null);
            }
            try {
                files.addAll(dirFiles(d, p));
            } catch (BadExtension e) {
                // as Ansible's: a failed result whose 'message' says which file
                return ModuleResult.failed(e.what(), Map.of("message", e.what()));
            }
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        for (Path f : files) {
            vars.putAll(Yaml.readVariables(f));
        }
        Map<String, Object> facts = p.name() == null ? vars : Map.of(p.name(), vars);
        if ("merge".equals(p.hashBehaviour())) {
            // as Ansible's hash_behaviour: merge: a mapping read is merged, deeply, into the one the host has
            Map<String, Object> merged = new LinkedHashMap<>();
            facts.forEach((k, v) -> merged.put(k, merge(context.vars().get(k), v)));
            facts = merged;
        }
        return ModuleResult.ok(ModuleResult.valuesInOrder("ansible_facts", facts, "ansible_included_var_files",
                files.stream().map(Path::toString).toList()));
    }

    /** {@code value} merged into {@code old} when both are mappings (keys of both, {@code value}'s winning). */
    @SuppressWarnings("unchecked")
    private static Object merge(Object old, Object value) {
        if (!(old instanceof Map<?, ?> o) || !(value instanceof Map<?, ?> v)) {
            return value;
        }
        Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) o);
        ((Map<String, Object>) v).forEach((k, x) -> out.put(k, merge(out.get(k), x)));
        return out;
    }

    /** A file of the directory whose extension is not one of those read. */
    private static final class BadExtension extends KvmforgeException {
        BadExtension(String what) {
            super(ErrorKind.TASK, what, null, "set ignore_unknown_extensions: true, or files_matching");
        }
    }

    private static List<Path> dirFiles(Path dir, Params p) {
        Pattern matching = p.filesMatching() == null ? null : Pattern.compile(p.filesMatching());
        int depth = p.depth() == null || p.depth() <= 0 ? Integer.MAX_VALUE : p.depth();
        try (Stream<Path> walk = Files.walk(dir, depth)) {
            List<Path> out = new ArrayList<>();
            // as Ansible walks it: the directories in the order of their paths as text, each one's files by name
            List<Path> found = walk.filter(Files::isRegularFile).sorted(java.util.Comparator
                    .comparing((Path f) -> f.getParent().toString()).thenComparing(f -> f.getFileName().toString()))
                    .toList();
            for (Path f : found) {
                String name = f.getFileName().toString();
                String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
                if (p.ignoreFiles().contains(name) || matching != null && !matching.matcher(name).matches()) {
                    continue;
                }
                if (!p.extensions().contains(ext)) {
                    if (Boolean.TRUE.equals(p.ignoreUnknownExtensions())) {
                        continue;
                    }
                    throw new BadExtension(f + " does not have a valid extension: " + String.join(", ",
                            p.extensions()));
                }
                out.add(f);
            }
            return out;
        } catch (IOException e) {
            throw new KvmforgeException(ErrorKind.TASK, "include_vars: cannot read " + dir + ": " + e.getMessage(),
                    null, null);
        }
    }
}
