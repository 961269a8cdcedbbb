package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code sysctl} (ansible.posix's): a kernel setting written to {@code sysctl_file} (default
 * {@code /etc/sysctl.conf}) as {@code name=value}, or taken out of it ({@code state: absent}), as ansible.posix
 * rewrites the file (every {@code key=value} line trimmed, a key's later repeats dropped, comments kept); then, when
 * the file changed and {@code reload} (default), loaded with {@code sysctl -p FILE}; with {@code sysctl_set}, also set
 * at once with {@code sysctl -w} when the kernel's value differs. Values compare with blanks collapsed; {@code yes} and
 * {@code no} are 1 and 0. Exact {@code --check} and {@code --diff}; a second run is ok.
 */
public final class SysctlModule implements Module<SysctlModule.Params> {

    /**
     * @param name         the setting, such as {@code net.ipv4.ip_forward} ({@code /} is read as {@code .})
     * @param value        its value (required with state present)
     * @param state        present (default) or absent
     * @param reload       load the file when it changed (default true)
     * @param sysctlFile   the file (default {@code /etc/sysctl.conf})
     * @param sysctlSet    also set the value in the running kernel when it differs (default false)
     * @param ignoreerrors do not fail on settings the kernel does not know
     */
    public record Params(@JsonAlias("key") String name, @JsonAlias("val") Object value, Presence state, Boolean reload,
                         String sysctlFile, Boolean sysctlSet, Boolean ignoreerrors) {
        public Params {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("'name' is required: the setting, such as net.ipv4.ip_forward");
            }
            name = name.strip().replace('/', '.');
            state = state == null ? Presence.PRESENT : state;
            if (state == Presence.PRESENT && (value == null || String.valueOf(value).isBlank())) {
                throw new IllegalArgumentException("'value' is required with state: present");
            }
            reload = reload == null || reload;
            sysctlFile = sysctlFile == null ? "/etc/sysctl.conf" : sysctlFile;
            sysctlSet = sysctlSet != null && sysctlSet;
            ignoreerrors = ignoreerrors != null && ignoreerrors;
        }

        /** The value as the file and the kernel hold it: booleans as 1/0, blanks collapsed. */
        String wanted() {
            if (value instanceof Boolean b) {
                return b ? "1" : "0";
            }
            String s = String.valueOf(value).strip();
            String lower = s.toLowerCase(Locale.ROOT);
            if (Set.of("yes", "true", "on").contains(lower)) {
                return "1";
            }
            if (Set.of("no", "false", "off").contains(lower)) {
                return "0";
            }
            return collapse(s);
        }
    }

    /** What apply does beyond the file: load it, set the kernel's value. */
    private record Steps(ManagedFile file, Plan filePlan, boolean reload, boolean set) {
    }

    @Override
    public String name() {
        return "sysctl";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public List<String> aliases() {
        return List.of("ansible.posix.sysctl");
    }

    @Override
    public Plan plan(ModuleContext context, Params p) {
        Host host = context.host();
        String before = host.readText(p.sysctlFile()).orElse("");
        String after = rewritten(before, p);
        List<Change> changes = new ArrayList<>();
        ManagedFile file = new ManagedFile(p.sysctlFile(), FileContent.of(after), FileAttributes.NONE, false, true);
        Plan filePlan = after.equals(before) ? Plan.none() : file.plan(host);
        changes.addAll(filePlan.changes());
        boolean reload = !filePlan.isEmpty() && p.reload();
        if (reload) {
            changes.add(Change.of("load " + p.sysctlFile() + " (sysctl -p)"));
        }
        boolean set = false;
        if (p.state() == Presence.PRESENT && p.sysctlSet()) {
            String now = current(host, p);
            set = now == null || !now.equals(p.wanted());
            if (set) {
                changes.add(Change.of("set " + p.name() + " to " + p.wanted() + " in the running kernel (now "
                        + (now == null ? "unknown" : now) + ")"));
            }
        }
        Map<String, Object> values = ModuleResult.valuesInOrder("name", p.name(), "value", p.state() == Presence.PRESENT
                ? p.wanted() : null, "sysctl_file", p.sysctlFile());
        return new Plan(changes, values).withIntent(new Steps(file, filePlan, reload, set));
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        Host host = context.host();
        Steps s = plan.intent(Steps.class).orElseThrow();
        if (!s.filePlan().isEmpty()) {
            ManagedFile.apply(host, s.filePlan());
        }
        if (s.reload()) {
            ExecResult r = host.run("sysctl " + (p.ignoreerrors() ? "-e " : "") + "-p " + Shell.quote(p.sysctlFile()));
            if (!r.ok() || (!p.ignoreerrors() && !r.stderr().isBlank())) {
                throw new KvmforgeException(ErrorKind.TASK, "sysctl: loading " + p.sysctlFile() + " failed: "
                        + (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip(), host.name(),
                        "check the names and values in the file; ignoreerrors: true skips settings the kernel does"
                                + " not have");
            }
        }
        if (s.set()) {
            ExecResult r = host.run(Shell.command(List.of("sysctl", "-w", p.name() + "=" + p.wanted())));
            if (!r.ok() && !p.ignoreerrors()) {
                throw new KvmforgeException(ErrorKind.TASK, "sysctl: setting " + p.name() + " failed: "
                        + r.stderr().strip(), host.name(), "a container may not allow it; ignoreerrors: true goes on");
            }
        }
        return ModuleResult.of(plan);
    }

    /** The kernel's value now, blanks collapsed; null when it has no such setting and errors are ignored. */
    private static String current(Host host, Params p) {
        ExecResult r = host.run(Shell.command(List.of("sysctl", "-n", p.name())));
        if (!r.ok()) {
            if (p.ignoreerrors()) {
                return null;
            }
            throw new BadParameter(ErrorKind.TASK, "sysctl: the kernel of " + host.name() + " has no setting "
                    + p.name() + ": " + r.stderr().strip(), "check the name (sysctl -a lists them)",
                    List.of("name"));
        }
        return collapse(r.stdout().strip());
    }

    /** The file's text with the setting written, or taken out, as ansible.posix's sysctl rewrites it. */
    static String rewritten(String text, Params p) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String line : text.isEmpty() ? List.<String>of() : List.of(text.split("\n", -1))) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith(";") || !t.contains("=")) {
                out.add(line);
                continue;
            }
            String key = t.substring(0, t.indexOf('=')).strip();
            String value = t.substring(t.indexOf('=') + 1).strip();
            if (!seen.add(key)) {
                continue;
            }
            if (key.equals(p.name())) {
                if (p.state() == Presence.PRESENT) {
                    out.add(key + "=" + p.wanted());
                }
            } else {
                out.add(key + "=" + value);
            }
        }
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1); // the text ended with a newline
        }
        if (!seen.contains(p.name()) && p.state() == Presence.PRESENT) {
            out.add(p.name() + "=" + p.wanted());
        }
        return out.isEmpty() ? "" : String.join("\n", out) + "\n";
    }

    private static String collapse(String s) {
        return String.join(" ", s.strip().split("\\s+"));
    }
}
