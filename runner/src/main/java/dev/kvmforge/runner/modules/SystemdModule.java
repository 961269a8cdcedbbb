package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code systemd} ({@code systemd_service}): what {@code service} does for a unit, plus systemd's own
 * {@code daemon_reload}, {@code daemon_reexec} and {@code masked}, carried out first, as Ansible's module does. A
 * daemon reload or re-exec changes nothing that a result counts; on a host where systemd is not running there is
 * nothing to reload, which a warning says. Only system units: {@code scope: user} or {@code global} is an error.
 */
public final class SystemdModule implements Module<SystemdModule.Params> {

    /**
     * @param name         the unit ({@code libvirtd}, {@code libvirtd.socket})
     * @param state        started, stopped, restarted or reloaded
     * @param enabled      whether it starts at boot
     * @param masked       whether it is masked (cannot be started at all)
     * @param daemonReload run {@code systemctl daemon-reload} first (unit files changed)
     * @param daemonReexec run {@code systemctl daemon-reexec} first
     * @param scope        {@code system} (the default and the only one kvmforge drives)
     * @param noBlock      accepted: kvmforge waits for the job, as a plan that says what happened must
     * @param force        accepted for {@code enabled}/{@code masked}, as systemctl's {@code --force}
     */
    public record Params(String name, ServiceModule.State state, Boolean enabled, Boolean masked,
                         Boolean daemonReload, Boolean daemonReexec, String scope, Boolean noBlock, Boolean force) {
        public Params {
            if (scope != null && !scope.equals("system")) {
                throw new IllegalArgumentException("scope '" + scope + "': kvmforge drives system units only");
            }
        }
    }

    private static final ParameterRules RULES = ParameterRules.NONE
            .requiredBy(List.of("state", "enabled", "masked"), "name", "the unit it is about")
            .requiredOneOf(List.of("name", "daemon_reload", "daemon_reexec"), "a unit, or a daemon reload");

    private final ServiceModule service = new ServiceModule();

    @Override
    public String name() {
        return "systemd";
    }

    @Override
    public List<String> aliases() {
        return List.of("systemd_service");
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public ParameterRules rules() {
        return RULES;
    }

    /** What apply carries out: reload or re-exec, mask or unmask, then the service's own plan. */
    private record Steps(boolean reexec, boolean reload, Boolean mask, ServiceModule.Params unit, Plan unitPlan) {
    }

    @Override
    public Plan plan(ModuleContext context, Params p) {
        Host host = context.host();
        List<Change> changes = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        Boolean mask = null;
        if (p.name() != null) {
            values.put("name", p.name());
        }
        if (p.masked() != null) {
            String now = host.exec("systemctl", "is-enabled", p.name()).stdout().strip();
            if (now.isEmpty()) {
                throw new KvmforgeException(ErrorKind.TASK, "cannot tell whether " + p.name() + " is masked: there is"
                        + " no systemctl on " + host.name(), host.name(), "leave 'masked' unset on this host");
            }
            if (now.startsWith("masked") != p.masked()) {
                mask = p.masked();
                changes.add(Change.of((mask ? "mask " : "unmask ") + p.name()));
            }
            values.put("masked", p.masked());
        }
        ServiceModule.Params unit = null;
        Plan unitPlan = null;
        if (p.state() != null || p.enabled() != null) {
            unit = new ServiceModule.Params(p.name(), p.state(), p.enabled());
            unitPlan = service.plan(context, unit);
            changes.addAll(unitPlan.changes());
            values.putAll(unitPlan.values());
        }
        return new Plan(changes, values).withIntent(new Steps(Boolean.TRUE.equals(p.daemonReexec()),
                Boolean.TRUE.equals(p.daemonReload()), mask, unit, unitPlan));
    }

    /**
     * A plan with nothing to change still reloads the daemon when asked (outside check mode): a reload is not a change
     * of what the host is, so no plan line counts it.
     */
    @Override
    public ModuleResult planned(ModuleContext context, Params p, Plan plan) {
        boolean reload = Boolean.TRUE.equals(p.daemonReload()) || Boolean.TRUE.equals(p.daemonReexec());
        return !context.checkMode() && reload ? apply(context, p, plan) : Module.super.planned(context, p, plan);
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        Steps s = plan.intent(Steps.class).orElseThrow(() -> new IllegalStateException("a plan without its steps"));
        Host host = context.host();
        Map<String, Object> values = new LinkedHashMap<>(plan.values());
        if (s.reexec() || s.reload()) {
            if (host.facts().systemdRunning()) {
                if (s.reexec()) {
                    host.check("systemctl daemon-reexec");
                }
                if (s.reload()) {
                    host.check("systemctl daemon-reload");
                }
            } else {
                values.put("warnings", List.of("systemd is not running on " + host.name() + ": there is no daemon to"
                        + " reload (it reads the unit files when it starts)"));
            }
        }
        if (s.mask() != null) {
            host.check("systemctl " + (s.mask() ? "mask " : "unmask ") + dev.kvmforge.runner.connection.Shell.quote(
                    p.name()));
        }
        if (s.unit() != null) {
            values.putAll(service.apply(context, s.unit(), s.unitPlan()).values());
        }
        return new ModuleResult(!plan.isEmpty(), false, null, values, List.of());
    }
}
