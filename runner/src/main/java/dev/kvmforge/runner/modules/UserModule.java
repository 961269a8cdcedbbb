package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code user}: makes a local user account exist with the asked uid, shell, home, comment, supplementary groups and
 * password hash, or not exist. Reads the account with {@code getent passwd} and {@code id}, changes it with
 * {@code useradd}, {@code usermod}, {@code userdel} and {@code chpasswd -e}.
 *
 * <p>{@code groups} with {@code append: true} only adds the missing groups (adding an operator to {@code libvirt} and
 * {@code kvm} is {@code ok} the second time); without {@code append} the supplementary groups become exactly the list.
 * The password hash goes to {@code chpasswd} on stdin: it is never on a command line, in a plan or in a result.
 * {@code remove: true} with {@code state: absent} also deletes the home directory and mail spool.
 */
public final class UserModule implements Module<UserModule.Params> {


    /**
     * Group names, written as a YAML list or as one comma-separated string ({@code "libvirt,kvm"}).
     *
     * @param names the names, without blanks; empty means "no supplementary groups"
     */
    public record Groups(List<String> names) {

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Groups of(Object value) {
            List<String> out = new ArrayList<>();
            if (value instanceof Collection<?> c) {
                c.forEach(v -> out.addAll(split(String.valueOf(v))));
            } else if (value != null) {
                out.addAll(split(String.valueOf(value)));
            }
            return new Groups(List.copyOf(new LinkedHashSet<>(out)));
        }

        private static List<String> split(String s) {
            return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
        }
    }

    /**
     * @param name           the login name
     * @param state          present (default) or absent
     * @param group          the primary group (it must exist; by default, as useradd chooses)
     * @param groups         supplementary groups (list or comma-separated string)
     * @param append         add to {@code groups} instead of setting them exactly (default false)
     * @param shell          login shell
     * @param home           home directory
     * @param createHome     create the home directory when creating the user (default true)
     * @param system         create a system account (only when creating)
     * @param uid            numeric user id
     * @param comment        the GECOS field (full name)
     * @param password       an already crypted password hash ({@code $6$...}), never a clear-text password
     * @param updatePassword {@code always} (default) or {@code on_create}
     * @param remove         with state absent: also delete the home directory and mail spool
     * @param force          with state absent: remove the user even while logged in ({@code userdel -f}); with
     *                       remove, also files in the home directory the user does not own
     */
    public record Params(String name, Presence state, String group, Groups groups, Boolean append, String shell, String home,
                         @JsonAlias("createhome") Boolean createHome, Boolean system, Long uid, String comment,
                         String password, String updatePassword, Boolean remove, Boolean force) {
        public Params {
            state = state == null ? Presence.PRESENT : state;
            if (updatePassword != null && !updatePassword.matches("always|on_create")) {
                throw new IllegalArgumentException("update_password '" + updatePassword
                        + "' is not one of always, on_create");
            }
            if (password != null && !password.isEmpty() && !password.startsWith("$") && !password.startsWith("!")
                    && !password.equals("*")) {
                throw new IllegalArgumentException("'password' must be a crypted hash such as $6$...; "
                        + "make one with mkpasswd -m sha-512 or '{{ secret | password_hash(\"sha512\") }}'");
            }
        }

        /** Shown instead of the password wherever parameters are printed. */
        @Override
        public String toString() {
            return "Params[name=" + name + ", state=" + state + ", group=" + group + ", groups=" + groups + ", append=" + append
                    + ", password=" + (password == null ? "null" : "********") + "]";
        }
    }

    /** The account as the host has it. */
    private record Account(long uid, String comment, String home, String shell, String primaryGroup,
                           Set<String> groups, String passwordHash) {
    }

    /** One command for {@code apply}, with bytes for its stdin. */
    private record Step(String command, byte[] stdin) {
        static Step of(String... argv) {
            return new Step(Shell.command(argv), null);
        }
    }

    /** The plan's changes and the commands that carry them out. */
    private record Steps(List<Change> changes, List<Step> commands, Map<String, Object> values) {
    }

    private static final ParameterRules RULES = ParameterRules.NONE
            .required("name", "the login name");

    @Override
    public String name() {
        return "user";
    }

    @Override
    public ParameterRules rules() {
        return RULES;
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public Plan plan(ModuleContext context, Params p) {
        Steps s = steps(context.host(), p);
        return new Plan(s.changes(), s.values()).withIntent(s);
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        Host host = context.host();
        Steps s = plan.intent(Steps.class).orElseThrow(() -> new IllegalStateException("a plan without its steps"));
        for (Step step : s.commands()) {
            ExecResult r = host.run(step.command(), step.stdin());
            if (!r.ok()) {
                throw new KvmforgeException(ErrorKind.TASK, "user " + p.name() + ": " + step.command().split(" ")[0]
                        + " failed (exit " + r.exitStatus() + "): " + r.stderr().strip(), host.name(), null);
            }
        }
        Map<String, Object> values = new LinkedHashMap<>(s.values());
        read(host, p.name(), false).ifPresent(a -> values.putAll(describe(a)));
        return ModuleResult.of(new Plan(s.changes(), values));
    }

    private static Steps steps(Host host, Params p) {
        Optional<Account> now = read(host, p.name(), p.password() != null);
        List<Change> changes = new ArrayList<>();
        List<Step> commands = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", p.name());
        values.put("state", p.state().word());
        if (p.state() == Presence.ABSENT) {
            if (now.isPresent()) {
                boolean remove = Boolean.TRUE.equals(p.remove());
                boolean force = Boolean.TRUE.equals(p.force());
                changes.add(Change.of("remove user " + p.name()
                        + (remove ? " and its home " + now.get().home() : "") + (force ? " (forced)" : "")));
                List<String> argv = new ArrayList<>(List.of("userdel"));
                if (force) {
                    argv.add("-f");
                }
                if (remove) {
                    argv.add("-r");
                }
                argv.add(p.name());
                commands.add(Step.of(argv.toArray(String[]::new)));
            }
            return new Steps(changes, commands, values);
        }
        List<String> needed = new ArrayList<>(p.groups() == null ? List.of() : p.groups().names());
        if (p.group() != null) {
            needed.add(0, p.group());
        }
        requireGroups(host, needed);
        if (now.isEmpty()) {
            changes.add(Change.of("create user " + p.name() + summary(p)));
            commands.add(new Step(Shell.command(useradd(p)), null));
            if (p.password() != null) {
                commands.add(chpasswd(p));
            }
            return new Steps(changes, commands, values);
        }
        Account a = now.get();
        values.putAll(describe(a));
        List<String> usermod = new ArrayList<>();
        if (p.uid() != null && p.uid() != a.uid()) {
            changes.add(Change.of("uid of " + p.name() + ": " + a.uid() + " -> " + p.uid()));
            usermod.addAll(List.of("-u", String.valueOf(p.uid())));
        }
        if (p.group() != null && !p.group().equals(a.primaryGroup())) {
            changes.add(Change.of("primary group of " + p.name() + ": " + a.primaryGroup() + " -> " + p.group()));
            usermod.addAll(List.of("-g", p.group()));
        }
        if (p.shell() != null && !p.shell().equals(a.shell())) {
            changes.add(Change.of("shell of " + p.name() + ": " + a.shell() + " -> " + p.shell()));
            usermod.addAll(List.of("-s", p.shell()));
        }
        if (p.home() != null && !p.home().equals(a.home())) {
            changes.add(Change.of("home of " + p.name() + ": " + a.home() + " -> " + p.home()));
            usermod.addAll(List.of("-d", p.home()));
        }
        if (p.comment() != null && !p.comment().equals(a.comment())) {
            changes.add(Change.of("comment of " + p.name() + ": '" + a.comment() + "' -> '" + p.comment() + "'"));
            usermod.addAll(List.of("-c", p.comment()));
        }
        if (p.groups() != null) {
            List<String> wanted = p.groups().names().stream().filter(g -> !g.equals(a.primaryGroup())).toList();
            if (Boolean.TRUE.equals(p.append())) {
                List<String> missing = wanted.stream().filter(g -> !a.groups().contains(g)).toList();
                if (!missing.isEmpty()) {
                    changes.add(Change.of("add " + p.name() + " to groups " + String.join(", ", missing)));
                    usermod.addAll(List.of("-a", "-G", String.join(",", missing)));
                }
            } else if (!new LinkedHashSet<>(wanted).equals(a.groups())) {
                changes.add(Change.of("groups of " + p.name() + ": " + shown(a.groups()) + " -> " + shown(wanted)));
                usermod.addAll(List.of("-G", String.join(",", wanted)));
            }
        }
        if (!usermod.isEmpty()) {
            List<String> argv = new ArrayList<>(List.of("usermod"));
            argv.addAll(usermod);
            argv.add(p.name());
            commands.add(new Step(Shell.command(argv), null));
        }
        boolean always = p.updatePassword() == null || p.updatePassword().equals("always");
        if (p.password() != null && always && !p.password().equals(a.passwordHash())) {
            changes.add(Change.of("change password of " + p.name()));
            commands.add(chpasswd(p));
        }
        return new Steps(changes, commands, values);
    }

    private static String shown(Collection<String> groups) {
        return groups.isEmpty() ? "(none)" : String.join(", ", groups);
    }

    private static String summary(Params p) {
        List<String> parts = new ArrayList<>();
        if (p.uid() != null) {
            parts.add("uid " + p.uid());
        }
        if (p.group() != null) {
            parts.add("group " + p.group());
        }
        if (p.groups() != null && !p.groups().names().isEmpty()) {
            parts.add("groups " + String.join(", ", p.groups().names()));
        }
        if (p.shell() != null) {
            parts.add("shell " + p.shell());
        }
        if (p.home() != null) {
            parts.add("home " + p.home());
        }
        if (Boolean.TRUE.equals(p.system())) {
            parts.add("system account");
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    private static List<String> useradd(Params p) {
        List<String> argv = new ArrayList<>(List.of("useradd"));
        if (p.uid() != null) {
            argv.addAll(List.of("-u", String.valueOf(p.uid())));
        }
        if (p.shell() != null) {
            argv.addAll(List.of("-s", p.shell()));
        }
        if (p.home() != null) {
            argv.addAll(List.of("-d", p.home()));
        }
        if (p.comment() != null) {
            argv.addAll(List.of("-c", p.comment()));
        }
        if (p.group() != null) {
            argv.addAll(List.of("-g", p.group()));
        }
        if (p.groups() != null && !p.groups().names().isEmpty()) {
            argv.addAll(List.of("-G", String.join(",", p.groups().names())));
        }
        if (Boolean.TRUE.equals(p.system())) {
            argv.add("-r");
        }
        argv.add(p.createHome() == null || p.createHome() ? "-m" : "-M");
        argv.add(p.name());
        return argv;
    }

    private static Step chpasswd(Params p) {
        return new Step("chpasswd -e", (p.name() + ":" + p.password() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void requireGroups(Host host, List<String> groups) {
        if (groups.isEmpty()) {
            return;
        }
        StringBuilder cmd = new StringBuilder("for g in");
        groups.forEach(g -> cmd.append(' ').append(Shell.quote(g)));
        cmd.append("; do getent group \"$g\" >/dev/null || echo \"$g\"; done");
        String missing = host.check(cmd.toString()).strip();
        if (!missing.isEmpty()) {
            throw new KvmforgeException(ErrorKind.TASK, "group(s) " + String.join(", ", missing.split("\n"))
                    + " do not exist", host.name(), "create them first (group module, or install the package "
                    + "that brings them, such as libvirt-daemon-system for 'libvirt')");
        }
    }

    /** The account called {@code name}, or empty; the password hash only when asked (it needs root). */
    private static Optional<Account> read(Host host, String name, boolean withPassword) {
        String q = Shell.quote(name);
        ExecResult r = host.run("getent passwd " + q + " || exit 3; echo --; id -gn " + q + "; echo --; id -nG " + q
                + (withPassword ? "; echo --; getent shadow " + q + " | cut -d: -f2" : ""));
        if (r.exitStatus() == 3 || r.exitStatus() == 2) {
            return Optional.empty();
        }
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "cannot read user " + name + ": " + r.stderr().strip(),
                    host.name(), null);
        }
        String[] parts = r.stdout().split("(?m)^--$\\n?");
        String[] f = parts[0].strip().split(":", -1);
        String primary = parts.length > 1 ? parts[1].strip() : "";
        Set<String> groups = new LinkedHashSet<>();
        if (parts.length > 2) {
            for (String g : parts[2].strip().split("\\s+")) {
                if (!g.isEmpty() && !g.equals(primary)) {
                    groups.add(g);
                }
            }
        }
        String hash = parts.length > 3 ? parts[3].strip() : null;
        return Optional.of(new Account(Long.parseLong(f[2]), f[4], f[5], f[6], primary, groups, hash));
    }

    private static Map<String, Object> describe(Account a) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("uid", a.uid());
        v.put("group", a.primaryGroup());
        v.put("groups", String.join(",", a.groups()));
        v.put("home", a.home());
        v.put("shell", a.shell());
        v.put("comment", a.comment());
        return v;
    }
}
