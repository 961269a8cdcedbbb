package dev.kvmforge.checks.spec;

import dev.kvmforge.checks.model.Verdict;
import dev.kvmforge.checks.probe.FileState;
import dev.kvmforge.checks.probe.HostSnapshot;
import dev.kvmforge.checks.probe.Probe;
import dev.kvmforge.checks.probe.Probes;
import dev.kvmforge.runner.error.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code file:}: a path under the host's root exists (or not), with a type, mode, owner and group, and text that
 * contains strings or has lines matching regular expressions.
 *
 * <pre>
 * file:
 *   path: /etc/libvirt/qemu.conf
 *   type: file
 *   mode: '0600'
 *   owner: root
 *   contains: ['security_driver = "apparmor"']
 *   matches: ['^user = "libvirt-qemu"$']
 * </pre>
 *
 * @param path     absolute path
 * @param exists   whether something must be there (default true)
 * @param type     expected type or null
 * @param mode     expected permission bits or null
 * @param owner    expected owner or null
 * @param group    expected group or null
 * @param contains strings the text must contain
 * @param matches  regular expressions some line must match ({@code ^} and {@code $} at line ends)
 */
record FileSpec(String path, boolean exists, String type, Integer mode, String owner, String group,
                List<String> contains, List<Pattern> matches) implements ResourceSpec {

    static final List<String> KEYS = List.of("path", "exists", "type", "mode", "owner", "group", "contains", "matches");

    static FileSpec read(MappingReader m) {
        m.onlyKeys(KEYS, "keys of a file test");
        String path = m.text("path");
        if (!path.startsWith("/")) {
            throw m.error("path", "path must be absolute, not '" + path + "'", "write the full path: /etc/...");
        }
        String type = m.optionalText("type").orElse(null);
        if (type != null && !FileState.TYPES.contains(type)) {
            throw m.error("type", "unknown file type '" + type + "'", Suggestions.hint(type, FileState.TYPES, "types"));
        }
        Integer mode = m.quotedText("mode", "0640").map(t -> {
            if (!t.matches("[0-7]{3,4}")) {
                throw m.error("mode", "mode must be octal digits such as '0640', not '" + t + "'", null);
            }
            return Integer.parseInt(t, 8);
        }).orElse(null);
        return new FileSpec(path, m.bool("exists").orElse(true), type, mode, m.optionalText("owner").orElse(null),
                m.optionalText("group").orElse(null), m.texts("contains"), Patterns.read(m, "matches"));
    }

    private boolean readsContent() {
        return !contains.isEmpty() || !matches.isEmpty();
    }

    private Probe<FileState> probe() {
        return Probes.fileState(path, readsContent());
    }

    @Override
    public List<Probe<?>> probes() {
        return List.of(probe());
    }

    @Override
    public Verdict evaluate(HostSnapshot host) {
        FileState f = host.get(probe());
        if (!exists) {
            return f.exists() ? Verdict.fail(f.describe() + " exists and should not")
                    : Verdict.pass(f.path() + " does not exist");
        }
        if (!f.exists()) {
            return Verdict.fail(f.describe());
        }
        List<String> wrong = new ArrayList<>();
        if (type != null && !type.equals(f.type())) {
            wrong.add("is a " + f.type() + ", not a " + type);
        }
        if (mode != null && mode != f.mode()) {
            wrong.add(String.format("has mode %04o, not %04o", f.mode(), mode));
        }
        if (owner != null && !owner.equals(f.owner())) {
            wrong.add("is owned by " + f.owner() + ", not " + owner);
        }
        if (group != null && !group.equals(f.group())) {
            wrong.add("has group " + f.group() + ", not " + group);
        }
        if (readsContent() && !f.readable()) {
            if (!wrong.isEmpty()) {
                return Verdict.fail(f.describe() + " " + String.join(", ", wrong));
            }
            return Verdict.error("cannot read the text of " + f.describe() + ": "
                    + (f.type().equals("file") ? "the login user may not read it" : "it is not a regular file"),
                    f.type().equals("file") ? "run the checks as a user that may read it (root)" : "");
        }
        contains.stream().filter(s -> !f.content().contains(s)).forEach(s -> wrong.add("does not contain '" + s + "'"));
        matches.stream().filter(p -> !p.matcher(f.content()).find())
                .forEach(p -> wrong.add("has no line matching '" + p.pattern() + "'"));
        if (!wrong.isEmpty()) {
            return Verdict.fail(f.describe() + " " + String.join(", ", wrong));
        }
        String text = readsContent() ? ", text as expected" : "";
        return Verdict.pass(f.describe() + text);
    }
}
