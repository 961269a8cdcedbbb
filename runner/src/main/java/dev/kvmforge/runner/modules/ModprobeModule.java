package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code modprobe} ({@code community.general.modprobe}): a kernel module loaded or not, with its parameters, and
 * with {@code persistent} loaded at boot ({@code /etc/modules-load.d/NAME.conf}, its parameters in
 * {@code /etc/modprobe.d/NAME.conf}) or not. Whether it is loaded is read from {@code /sys/module}, which also lists
 * modules built into the kernel.
 */
public final class ModprobeModule implements Module<ModprobeModule.Params> {

    /** Loaded or not. */
    public enum State {
        PRESENT, ABSENT;

        @JsonCreator
        public static State parse(String s) {
            return switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "present" -> PRESENT;
                case "absent" -> ABSENT;
                default -> throw new IllegalArgumentException("state '" + s + "' is not one of present, absent");
            };
        }
    }

    /** At boot: as it is (disabled, the default), loaded, or not loaded by these files. */
    public enum Persistent {
        DISABLED, PRESENT, ABSENT;

        @JsonCreator
        public static Persistent parse(String s) {
            return switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "disabled" -> DISABLED;
                case "present" -> PRESENT;
                case "absent" -> ABSENT;
                default -> throw new IllegalArgumentException("persistent '" + s
                        + "' is not one of disabled, present, absent");
            };
        }
    }

    /**
     * @param name       the module ({@code kvm_intel}, {@code vhost-net})
     * @param state      present (default: loaded) or absent (unloaded)
     * @param params     its parameters when loaded ({@code nested=1})
     * @param persistent disabled (default: boot files left alone), present or absent
     */
    public record Params(String name, State state, String params, Persistent persistent) {
        public Params {
            if (!name.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("'name' must be a kernel module name, not '" + name + "'");
            }
            state = state == null ? State.PRESENT : state;
            params = params == null ? "" : params.strip();
            if (params.contains("\n") || params.contains("\r")) {
                throw new IllegalArgumentException("'params' is one line of module parameters (nested=1 ...), not '"
                        + params.replace("\n", "\\n") + "'");
            }
            persistent = persistent == null ? Persistent.DISABLED : persistent;
        }

        String loadFile() {
            return "/etc/modules-load.d/" + name + ".conf";
        }

        String optionsFile() {
            return "/etc/modprobe.d/" + name + ".conf";
        }
    }

    private static final ParameterRules RULES = ParameterRules.NONE.required("name", "the kernel module");

    @Override
    public String name() {
        return "modprobe";
    }

    @Override
    public List<String> aliases() {
        return List.of("community.general.modprobe");
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public ParameterRules rules() {
        return RULES;
    }

    /** One step of the plan: a command, or a boot file written (text) or removed (null). */
    private record Step(String command, String file, String text) {
    }

    @Override
    public Plan plan(ModuleContext context, Params p) {
        Host host = context.host();
        String sysName = p.name().replace('-', '_');
        boolean loaded = host.run("[ -d /sys/module/" + Shell.quote(sysName) + " ]").ok();
        List<Change> changes = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        if (p.state() == State.PRESENT && !loaded) {
            List<String> argv = new ArrayList<>(List.of("modprobe", p.name()));
            if (!p.params().isEmpty()) {
                argv.addAll(List.of(p.params().split("\\s+")));
            }
            String cmd = Shell.command(argv);
            changes.add(Change.of("load " + p.name() + (p.params().isEmpty() ? "" : " (" + p.params() + ")")));
            steps.add(new Step(cmd, null, null));
        } else if (p.state() == State.ABSENT && loaded) {
            changes.add(Change.of("unload " + p.name()));
            steps.add(new Step("modprobe -r " + Shell.quote(p.name()), null, null));
        }
        if (p.persistent() != Persistent.DISABLED) {
            boolean on = p.persistent() == Persistent.PRESENT;
            file(host, p.loadFile(), on ? p.name() + "\n" : null, changes, steps);
            file(host, p.optionsFile(), on && !p.params().isEmpty() ? "options " + p.name() + " " + p.params() + "\n"
                    : on ? readText(host, p.optionsFile()).orElse(null) : null, changes, steps);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", p.name());
        values.put("params", p.params());
        values.put("state", p.state().name().toLowerCase(Locale.ROOT));
        return new Plan(changes, values).withIntent(steps);
    }

    private static void file(Host host, String path, String want, List<Change> changes, List<Step> steps) {
        Optional<String> now = readText(host, path);
        if (want == null ? now.isEmpty() : now.isPresent() && now.get().equals(want)) {
            return;
        }
        changes.add(Change.of(want == null ? "remove " + path : (now.isEmpty() ? "create " : "update ") + path,
                new Diff(path, now.orElse(""), want == null ? "" : want)));
        steps.add(new Step(null, path, want));
    }

    private static Optional<String> readText(Host host, String path) {
        return host.readText(path);
    }

    @Override
    @SuppressWarnings("unchecked")
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        Host host = context.host();
        List<Step> steps = plan.intent(List.class).orElseThrow(() -> new IllegalStateException("a plan without steps"));
        for (Step s : steps) {
            if (s.command() != null) {
                ExecResult r = host.run(s.command());
                if (!r.ok()) {
                    throw new KvmforgeException(ErrorKind.TASK, s.command() + " failed: " + r.stderr().strip(),
                            host.name(), "a container cannot load kernel modules; load it on the machine that runs it");
                }
            } else if (s.text() == null) {
                host.check("rm -f -- " + Shell.quote(s.file()));
            } else {
                host.check("mkdir -p -- " + Shell.quote(s.file().substring(0, s.file().lastIndexOf('/'))));
                host.writeText(s.file(), s.text(), null, null, null);
            }
        }
        return ModuleResult.of(plan);
    }
}
