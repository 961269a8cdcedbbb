package dev.kvmforge.checks.probe;

import java.util.Arrays;
import java.util.List;

/**
 * The user the checks log in as, and the {@code kvm} group as {@code /etc/group} lists it.
 *
 * @param name            login name
 * @param uid             numeric user id
 * @param groups          the groups of the login session ({@code id -Gn})
 * @param kvmGroupExists  there is a group {@code kvm}
 * @param kvmGroupMembers users listed as members of {@code kvm} (a user listed there but not in {@code groups} must
 *                        log in again)
 */
public record LoginUser(String name, int uid, List<String> groups, boolean kvmGroupExists,
                        List<String> kvmGroupMembers) {

    public LoginUser {
        groups = List.copyOf(groups);
        kvmGroupMembers = List.copyOf(kvmGroupMembers);
    }

    static final String SCRIPT = String.join("\n",
            "echo \"name=$(id -un)\"",
            "echo \"uid=$(id -u)\"",
            "echo \"groups=$(id -Gn)\"",
            "g=$(getent group kvm 2>/dev/null || grep '^kvm:' /etc/group 2>/dev/null)",
            "if [ -n \"$g\" ]; then echo \"kvm_group=$g\"; fi");

    static LoginUser read(ProbeOutput out) {
        KeyValues kv = KeyValues.parse(out.stdout());
        String group = kv.first("kvm_group", "");
        List<String> members = List.of();
        if (!group.isEmpty()) {
            String[] f = group.split(":", -1);
            if (f.length >= 4 && !f[3].isBlank()) {
                members = Arrays.stream(f[3].split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            }
        }
        List<String> groups = Arrays.stream(kv.first("groups", "").split("\\s+")).filter(s -> !s.isEmpty()).toList();
        return new LoginUser(kv.first("name", "?"), Integer.parseInt(kv.first("uid", "-1")), groups, !group.isEmpty(),
                members);
    }

    public boolean isRoot() {
        return uid == 0;
    }

    /** The session has the {@code kvm} group. */
    public boolean inKvmGroup() {
        return groups.contains("kvm");
    }

    /** {@code /etc/group} lists the user in {@code kvm}, whether or not this session has it yet. */
    public boolean listedInKvmGroup() {
        return kvmGroupMembers.contains(name);
    }
}
