package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import java.util.List;

/**
 * Starts, stops and asks after a service the way a host's init does it: {@code systemctl}, SysV's {@code service},
 * OpenRC's {@code rc-service}, or, on a host with no running init, by running the daemon itself
 * ({@link DirectDaemons}).
 */
interface RunControl {

    /** Whether the service runs now. A service the init does not know is an error that names it. */
    boolean running(String name);

    /** What starting the service would do, one line each: other daemons it needs first, then itself. */
    default List<String> startPlan(String name) {
        return List.of("start " + name);
    }

    void start(String name);

    void stop(String name);

    void restart(String name);

    /** Has the service read its configuration again (it keeps running). */
    void reload(String name);

    /** Runs an init command that must succeed; a failure names the command, its output and a hint. */
    static void must(Host host, String hint, String... argv) {
        ExecResult r = host.exec(argv);
        if (!r.ok()) {
            String out = (r.stderr() + r.stdout()).strip();
            throw new KvmforgeException(ErrorKind.TASK, String.join(" ", argv) + " failed (exit status "
                    + r.exitStatus() + ")" + (out.isEmpty() ? "" : ": " + out), host.name(), hint);
        }
    }

    /** systemd as PID 1: {@code systemctl}. */
    record Systemctl(Host host) implements RunControl {
        @Override
        public boolean running(String name) {
            String load = host.run(Shell.command("systemctl", "show", "-p", "LoadState", "--value", name)).stdout()
                    .strip();
            if (load.equals("not-found")) {
                throw new KvmforgeException(ErrorKind.TASK, "there is no service " + name + " on " + host.name(),
                        host.name(), "systemctl list-unit-files --type=service lists the services there are");
            }
            return host.exec("systemctl", "is-active", "--quiet", name).ok();
        }

        private void systemctl(String verb, String name) {
            must(host, "journalctl -u " + name + " shows why", "systemctl", verb, name);
        }

        @Override
        public void start(String name) {
            systemctl("start", name);
        }

        @Override
        public void stop(String name) {
            systemctl("stop", name);
        }

        @Override
        public void restart(String name) {
            systemctl("restart", name);
        }

        @Override
        public void reload(String name) {
            systemctl("reload", name);
        }
    }

    /** SysV init: the scripts in {@code /etc/init.d} through {@code service}. */
    record ServiceScript(Host host) implements RunControl {
        @Override
        public boolean running(String name) {
            if (host.stat("/etc/init.d/" + name).isEmpty()) {
                throw new KvmforgeException(ErrorKind.TASK, "there is no service " + name + " on " + host.name()
                        + " (no /etc/init.d/" + name + ")", host.name(), "ls /etc/init.d lists the services there are");
            }
            return host.exec("service", name, "status").ok();
        }

        private void service(String verb, String name) {
            must(host, "the init script's output above says why", "service", name, verb);
        }

        @Override
        public void start(String name) {
            service("start", name);
        }

        @Override
        public void stop(String name) {
            service("stop", name);
        }

        @Override
        public void restart(String name) {
            service("restart", name);
        }

        @Override
        public void reload(String name) {
            service("reload", name);
        }
    }

    /** OpenRC: {@code rc-service}. */
    record RcService(Host host) implements RunControl {
        @Override
        public boolean running(String name) {
            if (!host.exec("rc-service", "--exists", name).ok()) {
                throw new KvmforgeException(ErrorKind.TASK, "there is no service " + name + " on " + host.name(),
                        host.name(), "rc-service --list lists the services there are");
            }
            return host.exec("rc-service", name, "status").ok();
        }

        private void rcService(String verb, String name) {
            must(host, "the service's output above says why", "rc-service", name, verb);
        }

        @Override
        public void start(String name) {
            rcService("start", name);
        }

        @Override
        public void stop(String name) {
            rcService("stop", name);
        }

        @Override
        public void restart(String name) {
            rcService("restart", name);
        }

        @Override
        public void reload(String name) {
            rcService("reload", name);
        }
    }
}
