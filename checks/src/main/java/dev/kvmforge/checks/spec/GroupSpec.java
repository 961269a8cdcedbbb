package dev.kvmforge.checks.spec;

import dev.kvmforge.checks.model.Verdict;
import dev.kvmforge.checks.probe.Accounts;
import dev.kvmforge.checks.probe.HostSnapshot;
import dev.kvmforge.checks.probe.Probe;
import dev.kvmforge.checks.probe.Probes;
import java.util.List;

/**
 * {@code group:}: a group exists (or not), with members.
 *
 * <pre>
 * group:
 *   name: kvm
 *   members: [alice]
 * </pre>
 *
 * @param name    group name
 * @param exists  whether it must exist (default true)
 * @param members users it must list as members, others allowed
 */
record GroupSpec(String name, boolean exists, List<String> members) implements ResourceSpec {

    static final List<String> KEYS = List.of("name", "exists", "members");

    static GroupSpec read(MappingReader m) {
        m.onlyKeys(KEYS, "keys of a group test");
        boolean exists = m.bool("exists").orElse(true);
        List<String> members = m.texts("members");
        if (!members.isEmpty() && !exists) {
            throw m.error("members", "a group that must not exist has no members to check", "remove members");
        }
        return new GroupSpec(m.text("name"), exists, members);
    }

    @Override
    public List<Probe<?>> probes() {
        return List.of(Probes.ACCOUNTS);
    }

    @Override
    public Verdict evaluate(HostSnapshot host) {
        var group = host.get(Probes.ACCOUNTS).group(name);
        if (!exists) {
            return group.isPresent() ? Verdict.fail("group " + name + " exists (gid " + group.get().gid()
                    + ") and should not") : Verdict.pass("there is no group " + name);
        }
        if (group.isEmpty()) {
            return Verdict.fail("there is no group " + name);
        }
        Accounts.Group g = group.get();
        List<String> missing = members.stream().filter(u -> !g.members().contains(u)).toList();
        String has = "gid " + g.gid() + ", members " + (g.members().isEmpty() ? "none" : String.join(", ", g.members()));
        if (!missing.isEmpty()) {
            return Verdict.fail("group " + name + " does not list " + String.join(", ", missing) + " (" + has + ")");
        }
        return Verdict.pass("group " + name + " exists (" + has + ")");
    }
}
