package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.LocalConnection;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code reboot}: reboots the host and waits until it is back, as Ansible's: the boot id
 * ({@code boot_time_command}) read, the reboot command run, then a new login each second until the boot id has
 * changed and {@code test_command} succeeds, up to {@code reboot_timeout}; {@code changed} and {@code rebooted}.
 * Refused where it cannot be right: the machine kvmforge runs on ({@code ansible_connection=local}), and, unless
 * {@code reboot_command} says how, a host whose PID 1 is not an init (a container restarts from outside). In check
 * mode: changed, nothing run.
 */
public final class RebootModule implements Module<RebootModule.Params> {

    /**
     * @param rebootTimeout   seconds to wait for the host to be back (default 600)
     * @param connectTimeout  seconds a login may take (kvmforge's connection timeout applies)
     * @param testCommand     what must succeed on the host once it is back (default {@code whoami})
     * @param msg             the message shutdown shows its users
     * @param preRebootDelay  seconds to wait before rebooting
     * @param postRebootDelay seconds to wait once it is back
     * @param rebootCommand   how to reboot (default {@code shutdown -r now MSG})
     * @param bootTimeCommand what tells one boot from the next (default: the kernel's boot id)
     */
    public record Params(Integer rebootTimeout, Integer connectTimeout, String testCommand, String msg,
                         Integer preRebootDelay, Integer postRebootDelay, String rebootCommand,
                         String bootTimeCommand) {
        public Params {
            rebootTimeout = rebootTimeout == null ? 600 : rebootTimeout;
            testCommand = testCommand == null ? "whoami" : testCommand;
            msg = msg == null ? "Reboot initiated by Ansible" : msg;
            preRebootDelay = preRebootDelay == null ? 0 : preRebootDelay;
            postRebootDelay = postRebootDelay == null ? 0 : postRebootDelay;
            bootTimeCommand = bootTimeCommand == null ? "cat /proc/sys/kernel/random/boot_id" : bootTimeCommand;
        }

        String command() {
            return rebootCommand != null ? rebootCommand : "shutdown -r now " + Shell.quote(msg);
        }
    }

    /** The names PID 1 has on a host that an ordinary reboot command reboots. */
    private static final Set<String> INITS = Set.of("systemd", "init", "openrc-init", "runit", "s6-svscan",
            "busybox");

    @Override
    public String name() {
        return "reboot";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public boolean reachesHostItself() {
        return true;
    }

    @Override
    public Plan plan(ModuleContext context, Params p) {
        Host host = context.host();
        if (host.connection() instanceof LocalConnection) {
            throw new KvmforgeException(ErrorKind.TASK, "Running reboot with local connection would reboot the control"
                    + " node.", host.name(), "reach the host over SSH, or reboot this machine yourself");
        }
        if (p.rebootCommand() == null) {
            String init = host.run("cat /proc/1/comm").stdout().strip();
            if (!INITS.contains(init)) {
                throw new KvmforgeException(ErrorKind.TASK, "cannot reboot " + host.name() + ": its PID 1 is '"
                        + init + "', not an init that reboots it (a container is restarted from outside)", host.name(),
                        "give reboot_command if this host reboots some other way");
            }
        }
        return Plan.of(Change.of("reboot " + host.name() + " (" + p.command() + ") and wait up to "
                + p.rebootTimeout() + " s for it"));
    }

    @Override
    public ModuleResult planned(ModuleContext context, Params p, Plan plan) {
        return ModuleResult.of(plan).withValues(Map.of("rebooted", true, "elapsed", 0));
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        long start = System.nanoTime();
        Host host = context.host();
        ExecResult boot = host.run(p.bootTimeCommand());
        if (!boot.ok()) {
            throw new BadParameter(ErrorKind.TASK, "reboot: boot_time_command failed on " + host.name() + ": "
                    + boot.stderr().strip(), null, List.of("boot_time_command"));
        }
        String before = boot.stdout().strip();
        PauseModule.sleep(Duration.ofSeconds(Math.max(0, p.preRebootDelay())));
        try {
            ExecResult r = host.run(p.command());
            if (!r.ok() && r.exitStatus() != 255) {
                throw new KvmforgeException(ErrorKind.TASK, "reboot: " + p.command() + " failed (exit "
                        + r.exitStatus() + "): " + r.stderr().strip(), host.name(), "the login user needs root:"
                        + " become: true");
            }
        } catch (dev.kvmforge.runner.connection.UnreachableException e) {
            // the connection went down with the host: what a reboot does
        }
        long end = System.nanoTime() + Duration.ofSeconds(p.rebootTimeout()).toNanos();
        String last = "the host did not answer";
        while (System.nanoTime() < end) {
            PauseModule.sleep(Duration.ofSeconds(1));
            try {
                Host back = context.reconnect().reconnect();
                ExecResult now = back.run(p.bootTimeCommand());
                if (!now.ok() || now.stdout().strip().equals(before)) {
                    last = "the boot id has not changed yet";
                    continue;
                }
                ExecResult test = back.run(p.testCommand());
                if (!test.ok()) {
                    last = "test_command failed: " + test.stderr().strip();
                    continue;
                }
                PauseModule.sleep(Duration.ofSeconds(Math.max(0, p.postRebootDelay())));
                return ModuleResult.changed(Map.of("rebooted", true, "elapsed",
                        WaitForConnectionModule.elapsed(start)));
            } catch (KvmforgeException e) {
                last = e.getMessage();
            }
        }
        return ModuleResult.failed("Timed out waiting for last boot time check (timeout=" + p.rebootTimeout() + "): "
                + last, Map.of("rebooted", false, "elapsed", WaitForConnectionModule.elapsed(start)));
    }
}
