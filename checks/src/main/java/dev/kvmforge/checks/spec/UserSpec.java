package dev.kvmforge.checks.spec;

import dev.kvmforge.checks.model.Verdict;
import dev.kvmforge.checks.probe.Accounts;
import dev.kvmforge.checks.probe.HostSnapshot;
import dev.kvmforge.checks.probe.Probe;
import dev.kvmforge.checks.probe.Probes;
import java.util.List;
import java.util.Set;

/**
 * {@code user:}: a user exists (or not) and is in groups.
 *
 * <pre>
 * user:
 *   name: alice
 *   groups: [kvm, libvirt]
 * </pre>
 *
 * @param name   login name
 * @param exists whether it must exist (default true)
 * @param groups groups it must be in (its primary group or a member), others allowed
 */
record UserSpec(String name, boolean exists, List<String> groups) implements ResourceSpec {

    static final List<String> KEYS = List.of("name", "exists", "groups");

    static UserSpec read(MappingReader m) {
        m.onlyKeys(KEYS, "keys of a user test");
        boolean exists = m.bool("exists").orElse(true);
        List<String> groups = m.texts("groups");
        if (!groups.isEmpty() && !exists) {
            throw m.error("groups", "a user that must not exist has no groups to check", "remove groups");
        }
        return new UserSpec(m.text("name"), exists, groups);
    }

    @Override
    public List<Probe<?>> probes() {
        return List.of(Probes.ACCOUNTS);
    }

    @Override
    public Verdict evaluate(HostSnapshot host) {
        Accounts accounts = host.get(Probes.ACCOUNTS);
        var user = accounts.user(name);
        if (!exists) {
            return user.isPresent() ? Verdict.fail("user " + name + " exists (uid " + user.get().uid()
                    + ") and should not") : Verdict.pass("there is no user " + name);
        }
        if (user.isEmpty()) {
            return Verdict.fail("there is no user " + name);
        }
        Set<String> in = accounts.groupsOf(user.get());
        List<String> missing = groups.stream().filter(g -> !in.contains(g)).toList();
        String has = "uid " + user.get().uid() + ", groups " + (in.isEmpty() ? "none" : String.join(", ", in));
        if (!missing.isEmpty()) {
            return Verdict.fail("user " + name + " is not in " + String.join(", ", missing) + " (" + has + ")");
        }
        return Verdict.pass("user " + name + " exists (" + has + ")");
    }
}
