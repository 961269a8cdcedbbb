package dev.kvmforge.checks.probe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The users and groups of the host: {@code getent passwd} and {@code getent group} (so directory users count), or
 * the root's {@code /etc/passwd} and {@code /etc/group} when the snapshot has a root of its own.
 *
 * @param users  every user
 * @param groups every group
 */
public record Accounts(List<User> users, List<Group> groups) {

    /**
     * A user.
     *
     * @param name  login name
     * @param uid   user id
     * @param gid   primary group id
     * @param home  home directory
     * @param shell login shell
     */
    public record User(String name, int uid, int gid, String home, String shell) {
    }

    /**
     * A group.
     *
     * @param name    group name
     * @param gid     group id
     * @param members users listed as members (not those whose primary group it is)
     */
    public record Group(String name, int gid, List<String> members) {
        public Group {
            members = List.copyOf(members);
        }
    }

    public Accounts {
        users = List.copyOf(users);
        groups = List.copyOf(groups);
    }

    static final String SCRIPT = String.join("\n",
            "if [ -z \"$R\" ] && command -v getent >/dev/null 2>&1; then",
            "  echo '#passwd'; getent passwd; echo '#group'; getent group",
            "else",
            "  echo '#passwd'; cat \"$R/etc/passwd\" 2>/dev/null; echo '#group'; cat \"$R/etc/group\" 2>/dev/null",
            "fi");

    static Accounts read(ProbeOutput out) {
        List<User> users = new ArrayList<>();
        List<Group> groups = new ArrayList<>();
        String table = "";
        for (String line : out.stdout().split("\n")) {
            if (line.startsWith("#")) {
                table = line.substring(1).strip();
                continue;
            }
            String[] f = line.split(":", -1);
            if (table.equals("passwd") && f.length >= 7 && number(f[2]) && number(f[3])) {
                users.add(new User(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[5], f[6]));
            } else if (table.equals("group") && f.length >= 4 && number(f[2])) {
                groups.add(new Group(f[0], Integer.parseInt(f[2]), Arrays.stream(f[3].split(","))
                        .map(String::strip).filter(s -> !s.isEmpty()).toList()));
            }
        }
        return new Accounts(users, groups);
    }

    private static boolean number(String s) {
        return s.matches("[0-9]+");
    }

    public Optional<User> user(String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    public Optional<User> user(int uid) {
        return users.stream().filter(u -> u.uid() == uid).findFirst();
    }

    public Optional<Group> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /** The groups {@code user} is in: its primary group, then those listing it as a member, by name. */
    public Set<String> groupsOf(User user) {
        Set<String> names = new LinkedHashSet<>();
        groups.stream().filter(g -> g.gid() == user.gid()).findFirst().ifPresent(g -> names.add(g.name()));
        groups.stream().filter(g -> g.members().contains(user.name())).forEach(g -> names.add(g.name()));
        return names;
    }

    /** The user name of {@code uid}, or the number when the host has no such user. */
    public String userName(int uid) {
        return user(uid).map(User::name).orElse(String.valueOf(uid));
    }
}
