package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.FileMode;
import dev.kvmforge.runner.host.Host;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code apt_repository}: a {@code deb}/{@code deb-src} line present in, or absent from, apt's one-line sources
 * ({@code /etc/apt/sources.list} and {@code sources.list.d/*.list}), as Ansible's module keeps them: a line already
 * there (blanks aside) is {@code ok}, one there but commented out is enabled again, a new one goes to
 * {@code sources.list.d/FILENAME.list} (named after the repository's address unless {@code filename} says); absent
 * removes every enabled copy, and a file left empty. A changed file is written as Ansible writes it (blanks
 * collapsed, {@code # } before disabled lines). {@code update_cache} (default true) then runs {@code apt-get update}:
 * after adding, for the file the line went to only (the other lists stay as they are, and no other mirror is asked);
 * after removing, for all. Exact {@code --check} and {@code --diff}; a second run is ok.
 */
public final class AptRepositoryModule implements Module<AptRepositoryModule.Params> {

    private static final Set<String> TYPES = Set.of("deb", "deb-src");
    private static final String LIST = "/etc/apt/sources.list";
    private static final String PARTS = "/etc/apt/sources.list.d/";

    /**
     * @param repo        the sources line, such as {@code deb [signed-by=/etc/apt/keyrings/x.gpg] http://h/p bookworm main}
     * @param state       present (default) or absent
     * @param filename    the file's name in sources.list.d, without {@code .list}
     * @param updateCache run apt-get update after a change (default true)
     * @param mode        the new file's permission bits (default 0644)
     */
    public record Params(String repo, Presence state, String filename,
                         @JsonAlias("update-cache") Boolean updateCache, FileMode mode) {
        public Params {
            state = state == null ? Presence.PRESENT : state;
            updateCache = updateCache == null || updateCache;
        }
    }

    private static final ParameterRules RULES = ParameterRules.NONE.required("repo", "the sources line");

    /** One line of a sources file as Ansible's SourcesList parses it. */
    record Source(boolean valid, boolean enabled, String source, String comment) {

        static Source parse(String text) {
            String line = text.strip();
            boolean enabled = true;
            if (line.startsWith("#")) {
                enabled = false;
                line = line.substring(1);
            }
            String comment = "";
            int hash = line.indexOf('#');
            if (hash > 0) {
                comment = line.substring(hash + 1).strip();
                line = line.substring(0, hash);
            }
            String source = line.strip();
            boolean valid = false;
            if (!source.isEmpty()) {
                String[] chunks = source.split("\\s+");
                if (TYPES.contains(chunks[0])) {
                    valid = true;
                    source = String.join(" ", chunks);
                }
            }
            return new Source(valid, enabled, source, comment);
        }

        /** The line as Ansible writes it back. */
        String render() {
            return (enabled ? "" : "# ") + source + (comment.isEmpty() ? "" : " # " + comment) + "\n";
        }
    }

    /** The files the plan changes, and whether apt's lists then need an update of one file or all. */
    private record Steps(List<Plan> writes, List<String> removals, String updateFor) {
    }

    @Override
    public String name() {
        return "apt_repository";
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
    public Plan plan(ModuleContext context, Params p) {
        Host host = context.host();
        Source wanted = Source.parse(p.repo());
        if (!wanted.valid() || !wanted.enabled()) {
            throw new BadParameter(ErrorKind.TASK, "Invalid repository string: " + p.repo(), "write a one-line source,"
                    + " such as: deb [signed-by=/etc/apt/keyrings/x.gpg] http://host/debian bookworm main",
                    List.of("repo"));
        }
        Map<String, List<Source>> files = read(host);
        Map<String, List<Source>> after = new LinkedHashMap<>();
        files.forEach((f, lines) -> after.put(f, new ArrayList<>(lines)));
        String target = PARTS + (p.filename() != null ? p.filename() : suggestedName(wanted.source())) + ".list";
        String updateFor = null;
        if (p.state() == Presence.PRESENT) {
            boolean there = false;
            for (List<Source> lines : after.values()) {
                for (int i = 0; i < lines.size(); i++) {
                    Source s = lines.get(i);
                    if (s.valid() && s.source().equals(wanted.source())) {
                        there = true;
                        if (!s.enabled()) {
                            lines.set(i, new Source(true, true, s.source(), s.comment()));
                        }
                    }
                }
            }
            if (!there) {
                after.computeIfAbsent(target, f -> new ArrayList<>()).add(wanted);
            }
            updateFor = there ? null : target;
        } else {
            after.values().forEach(lines -> lines.removeIf(s -> s.valid() && s.enabled()
                    && s.source().equals(wanted.source())));
        }
        List<Change> changes = new ArrayList<>();
        List<Plan> writes = new ArrayList<>();
        List<String> removals = new ArrayList<>();
        for (Map.Entry<String, List<Source>> e : after.entrySet()) {
            List<Source> before = files.getOrDefault(e.getKey(), List.of());
            if (before.equals(e.getValue()) && files.containsKey(e.getKey())) {
                continue;
            }
            if (e.getValue().isEmpty()) {
                if (files.containsKey(e.getKey())) {
                    removals.add(e.getKey());
                    changes.add(Change.of("remove " + e.getKey() + " (no source left in it)"));
                }
                continue;
            }
            StringBuilder text = new StringBuilder();
            e.getValue().forEach(s -> text.append(s.render()));
            boolean isNew = !files.containsKey(e.getKey());
            Plan write = new ManagedFile(e.getKey(), FileContent.of(text.toString()), new FileAttributes(isNew
                    ? (p.mode() == null ? FileMode.parse("0644") : p.mode()) : null, null, null), false, true)
                    .plan(host);
            writes.add(write);
            changes.addAll(write.changes());
        }
        if (!changes.isEmpty() && p.updateCache()) {
            String scope = updateFor != null ? updateFor : "all sources";
            changes.add(Change.of("update apt's package lists (" + scope + ")"));
        } else {
            updateFor = null;
        }
        Map<String, Object> values = ModuleResult.valuesInOrder("repo", p.repo(), "state", p.state().name()
                .toLowerCase(java.util.Locale.ROOT), "sources_added", p.state() != Presence.PRESENT
                ? List.of() : writes.stream().map(w -> w.values().get("dest")).toList(), "sources_removed", removals);
        return new Plan(changes, values).withIntent(new Steps(writes, removals, !changes.isEmpty()
                && p.updateCache() ? (updateFor != null ? updateFor : "") : null));
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        Host host = context.host();
        Steps s = plan.intent(Steps.class).orElseThrow(() -> new IllegalStateException("a plan without its steps"));
        for (Plan write : s.writes()) {
            ManagedFile.apply(host, write);
        }
        for (String f : s.removals()) {
            host.check("rm -f -- " + Shell.quote(f));
        }
        if (s.updateFor() != null) {
            String only = s.updateFor().isEmpty() ? "" : " -o Dir::Etc::sourcelist=" + Shell.quote(s.updateFor())
                    + " -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0";
            ExecResult r = host.run("apt-get update -q" + only);
            if (!r.ok()) {
                throw new KvmforgeException(ErrorKind.TASK, "apt_repository: apt-get update failed: "
                        + r.stderr().strip(), host.name(), "the source was written; check its address and key,"
                        + " or give update_cache: false");
            }
        }
        return ModuleResult.of(plan);
    }

    /** Every one-line sources file on the host, line by line, in one command. */
    private static Map<String, List<Source>> read(Host host) {
        ExecResult r = host.run("for f in " + LIST + " " + PARTS + "*.list; do [ -f \"$f\" ] || continue;"
                + " printf '::kvmforge-file::%s\\n' \"$f\"; cat \"$f\"; printf '\\n::kvmforge-end::\\n'; done");
        Map<String, List<Source>> files = new LinkedHashMap<>();
        String current = null;
        List<String> lines = new ArrayList<>();
        for (String line : r.stdout().split("\n", -1)) {
            if (line.startsWith("::kvmforge-file::")) {
                current = line.substring("::kvmforge-file::".length());
                lines = new ArrayList<>();
            } else if (line.equals("::kvmforge-end::") && current != null) {
                if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                    lines.remove(lines.size() - 1); // the newline printed after the file
                }
                List<Source> parsed = new ArrayList<>();
                lines.forEach(l -> parsed.add(Source.parse(l)));
                files.put(current, parsed);
                current = null;
            } else if (current != null) {
                lines.add(line);
            }
        }
        return files;
    }

    /** Ansible's file name for a source: its address without protocol and options, other characters as {@code _}. */
    static String suggestedName(String source) {
        String line = source.replaceAll("\\[[^]]+]", "").replaceAll("\\w+://", "");
        List<String> parts = new ArrayList<>();
        for (String part : line.split("\\s+")) {
            if (!part.isEmpty() && !TYPES.contains(part)) {
                parts.add(part);
            }
        }
        String first = parts.isEmpty() ? "" : parts.get(0).replaceAll("^[^@/]*@", "");
        return String.join("_", first.replaceAll("[^a-zA-Z0-9]", " ").strip().split("\\s+"));
    }
}
