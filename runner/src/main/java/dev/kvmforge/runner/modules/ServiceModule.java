package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.kvmforge.runner.error.KvmforgeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code service}: a service started, stopped, restarted or reloaded, and started at boot or not. Uses systemd when
 * it is PID 1, SysV's {@code service}/{@code update-rc.d} or OpenRC's {@code rc-service}/{@code rc-update} where they
 * are the init, and on a host with no running init (a container, a build machine) runs known daemons directly
 * (libvirtd after virtlogd, sshd...) while {@code enabled} still writes the boot links. The result says which way it
 * took: {@code manager} is {@code systemd}, {@code sysv}, {@code openrc} or {@code direct}.
 *
 * <p>{@code restarted} and {@code reloaded} always change something; {@code started} and {@code stopped} only when
 * the service is not already so.
 */
public final class ServiceModule implements Module<ServiceModule.Params> {

    /** What the service should be doing. */
    public enum State {
        STARTED, STOPPED, RESTARTED, RELOADED;

        @JsonCreator
        public static State parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "started", "running" -> STARTED;
                case "stopped" -> STOPPED;
                case "restarted" -> RESTARTED;
                case "reloaded" -> RELOADED;
                default -> throw new IllegalArgumentException("state '" + s
                        + "' is not one of started, stopped, restarted, reloaded");
            };
        }
    }

    /**
     * @param name    the service: a systemd unit, an init script, or a daemon's name ({@code libvirtd}, {@code sshd})
     * @param state   started, stopped, restarted or reloaded; unset leaves it as it is
     * @param enabled whether it starts at boot; unset leaves it as it is
     */
    public record Params(String name, State state, Boolean enabled) {
        public Params {
            if (!name.matches("[A-Za-z0-9_][A-Za-z0-9@_.:+-]*")) {
                throw new IllegalArgumentException("'name' must be a service name, not '" + name + "'");
            }
        }
    }

    private static final ParameterRules RULES = ParameterRules.NONE
            .required("name", "the service, such as libvirtd")
            .requiredOneOf("state", "enabled");

    @Override
    public String name() {
        return "service";
    }

    @Override
    public ParameterRules rules() {
        return RULES;
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    /** What a step does to the service, as data: {@link #apply} carries the plan's steps out with the same control. */
    private enum Action {
        START, STOP, RESTART, RELOAD, ENABLE, DISABLE,
        /** Nothing: a dry run's line for a service an earlier task would install (never applied). */
        NOT_YET;

        void carryOut(ServiceControl control, String name) {
            switch (this) {
                case START -> control.run().start(name);
                case STOP -> control.run().stop(name);
                case RESTART -> control.run().restart(name);
                case RELOAD -> control.run().reload(name);
                case ENABLE -> control.boot().enable(name, true);
                case DISABLE -> control.boot().enable(name, false);
                case NOT_YET -> throw new IllegalStateException("a dry run's step applied");
            }
        }
    }

    /** One thing to do: the lines the plan shows, and what carries it out. */
    private record Step(List<String> lines, Action action) {
    }

    /**
     * What would be done, what the service will then be, and the init it is done through (null in a dry run before
     * the service's package is installed).
     */
    private record Steps(List<Step> steps, Map<String, Object> values, ServiceControl control) {
        List<Change> changes() {
            return steps.stream().flatMap(s -> s.lines().stream()).map(Change::of).toList();
        }
    }

    private static Steps steps(ModuleContext context, Params p) {
        ServiceControl sc = ServiceControl.of(context.host());
        RunControl run = sc.run();
        String name = p.name();
        List<Step> steps = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", name);
        values.put("manager", sc.manager());
        if (p.state() != null) {
            boolean running = run.running(name);
            switch (p.state()) {
                case STARTED -> {
                    if (!running) {
                        steps.add(new Step(run.startPlan(name), Action.START));
                    }
                }
                case STOPPED -> {
                    if (running) {
                        steps.add(new Step(List.of("stop " + name), Action.STOP));
                    }
                }
                case RESTARTED -> steps.add(running ? new Step(List.of("restart " + name), Action.RESTART)
                        : new Step(run.startPlan(name), Action.START));
                case RELOADED -> steps.add(running ? new Step(List.of("reload " + name), Action.RELOAD)
                        : new Step(run.startPlan(name), Action.START));
                default -> throw new IllegalStateException();
            }
            values.put("state", p.state() == State.STOPPED ? "stopped" : "started");
        }
        if (p.enabled() != null) {
            BootControl boot = sc.boot();
            boolean now = boot.enabled(name);
            if (now != p.enabled()) {
                if (!p.enabled()) {
                    boot.checkCanDisable(name);
                }
                steps.add(new Step(List.of((p.enabled() ? "enable " : "disable ") + name + " at boot (" + boot.tool()
                        + ")"), p.enabled() ? Action.ENABLE : Action.DISABLE));
            }
            values.put("enabled", p.enabled());
        }
        return new Steps(steps, values, sc);
    }

    @Override
    public Plan plan(ModuleContext context, Params p) {
        Steps s;
        try {
            s = steps(context, p);
        } catch (KvmforgeException e) {
            if (!context.expectsInstalls()) {
                throw e;
            }
            // a dry run on a host where an earlier task would install the service's package: it is not there yet
            s = notInstalledYet(p, e);
        }
        if (p.state() != null && p.state() != State.STOPPED) {
            context.forecast().willStart(p.name());
        }
        return new Plan(s.changes(), s.values()).withIntent(s);
    }

    private static Steps notInstalledYet(Params p, KvmforgeException why) {
        List<Step> steps = new ArrayList<>();
        if (p.state() != null && p.state() != State.STOPPED) {
            steps.add(new Step(List.of("start " + p.name() + " (once an earlier task has installed it; now: "
                    + why.what() + ")"), Action.NOT_YET));
        }
        if (Boolean.TRUE.equals(p.enabled())) {
            steps.add(new Step(List.of("enable " + p.name() + " at boot"), Action.NOT_YET));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", p.name());
        return new Steps(steps, values, null);
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        Steps s = plan.intent(Steps.class).orElseThrow(() -> new IllegalStateException("a plan without its steps"));
        for (Step step : s.steps()) {
            step.action().carryOut(s.control(), p.name());
        }
        return ModuleResult.of(new Plan(s.changes(), s.values()));
    }
}
