package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code group}: a local group present (created with {@code groupadd}, its gid changed with {@code groupmod}) or
 * absent ({@code groupdel}: only when asked, and never for a group that is still a user's primary group, which
 * groupdel refuses). Read with {@code getent group}. Exact {@code --check}; a second run is ok.
 */
public final class GroupModule implements Module<GroupModule.Params> {

    /**
     * @param name      the group's name
     * @param state     present (default) or absent
     * @param gid       its numeric id
     * @param system    create it as a system group (only when creating)
     * @param nonUnique allow a gid another group has (with gid)
     */
    public record Params(String name, Presence state, Long gid, Boolean system, Boolean nonUnique) {
        public Params {
            state = state == null ? Presence.PRESENT : state;
        }
    }

    private static final ParameterRules RULES = ParameterRules.NONE.required("name", "the group's name")
            .requiredBy(List.of("non_unique"), "gid", "a gid shared with another group must be given");

    /** A group as {@code getent group} lists it. */
    private record Found(long gid, List<String> members) {
    }

    @Override
    public String name() {
        return "group";
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
        Optional<Found> now = read(context.host(), p.name());
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", p.name());
        values.put("state", p.state().word());
        now.ifPresent(f -> values.put("gid", f.gid()));
        values.put("system", Boolean.TRUE.equals(p.system()));
        if (p.state() == Presence.ABSENT) {
            return now.isEmpty() ? Plan.none(values) : new Plan(List.of(Change.of("remove group " + p.name())), values);
        }
        if (now.isEmpty()) {
            return new Plan(List.of(Change.of("create group " + p.name() + (p.gid() == null ? "" : " (gid " + p.gid()
                    + ")") + (Boolean.TRUE.equals(p.system()) ? " as a system group" : ""))), values);
        }
        if (p.gid() != null && p.gid() != now.get().gid()) {
            return new Plan(List.of(Change.of("gid of group " + p.name() + ": " + now.get().gid() + " -> " + p.gid())),
                    values);
        }
        return Plan.none(values);
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        Host host = context.host();
        Optional<Found> now = read(host, p.name());
        List<String> argv = new ArrayList<>();
        if (p.state() == Presence.ABSENT) {
            argv.addAll(List.of("groupdel", p.name()));
        } else {
            argv.add(now.isEmpty() ? "groupadd" : "groupmod");
            if (p.gid() != null) {
                argv.addAll(List.of("-g", String.valueOf(p.gid())));
                if (Boolean.TRUE.equals(p.nonUnique())) {
                    argv.add("-o");
                }
            }
            if (now.isEmpty() && Boolean.TRUE.equals(p.system())) {
                argv.add("-r");
            }
            argv.add(p.name());
        }
        ExecResult r = host.run(Shell.command(argv));
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "group " + p.name() + ": " + argv.get(0) + " failed (exit "
                    + r.exitStatus() + "): " + r.stderr().strip(), host.name(), r.exitStatus() == 8
                    ? "the group is a user's primary group: give that user another one first" : r.exitStatus() == 4
                    ? "the gid is taken: choose another, or non_unique: true" : null);
        }
        Map<String, Object> values = new LinkedHashMap<>(plan.values());
        read(host, p.name()).ifPresentOrElse(f -> values.put("gid", f.gid()), () -> values.remove("gid"));
        return ModuleResult.of(new Plan(plan.changes(), values));
    }

    private static Optional<Found> read(Host host, String name) {
        ExecResult r = host.run(Shell.command(List.of("getent", "group", name)));
        if (r.exitStatus() == 2) {
            return Optional.empty();
        }
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "group " + name + ": getent failed: " + r.stderr().strip(),
                    host.name(), null);
        }
        String[] f = r.stdout().strip().split(":", -1);
        return Optional.of(new Found(Long.parseLong(f[2]), f.length > 3 && !f[3].isEmpty()
                ? List.of(f[3].split(",")) : List.of()));
    }
}
