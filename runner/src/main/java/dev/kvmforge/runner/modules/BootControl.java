package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.BootLinks;
import dev.kvmforge.runner.host.Host;

/**
 * Whether a service starts at boot, and changing that: systemd's unit links ({@code systemctl enable}, which works
 * without systemd running: it only writes links), SysV's rc links ({@code update-rc.d}) or OpenRC's runlevels
 * ({@code rc-update}). SysV and OpenRC read the host's {@link BootLinks} fact, as the checks do; systemd answers for
 * its own units.
 */
interface BootControl {

    /** The tool that changes it, for the plan's lines: {@code systemctl}, {@code update-rc.d}, {@code rc-update}. */
    String tool();

    /** Whether the service starts at boot; a service the tool does not know is an error. */
    boolean enabled(String name);

    /** An error for asking to turn it off when that cannot be done (a static systemd unit), or nothing. */
    default void checkCanDisable(String name) {
    }

    void enable(String name, boolean on);

    /** systemd unit links. */
    record SystemdLinks(Host host) implements BootControl {
        @Override
        public String tool() {
            return "systemctl";
        }

        @Override
        public boolean enabled(String name) {
            ExecResult r = host.exec("systemctl", "is-enabled", name);
            if (!r.ok() && (r.stdout().strip().equals("not-found") || r.stderr().contains("No such file"))) {
                throw new KvmforgeException(ErrorKind.TASK, "there is no systemd unit " + name + " on " + host.name(),
                        host.name(), "systemctl list-unit-files --type=service lists the units there are");
            }
            return r.ok();
        }

        @Override
        public void checkCanDisable(String name) {
            String state = host.exec("systemctl", "is-enabled", name).stdout().strip();
            if (state.equals("static") || state.equals("generated") || state.equals("transient")) {
                throw new KvmforgeException(ErrorKind.TASK, name + " is " + state + " in systemd: it cannot be "
                        + "disabled", host.name(), "mask it (systemctl mask " + name + "), or leave 'enabled' unset");
            }
        }

        @Override
        public void enable(String name, boolean on) {
            RunControl.must(host, null, "systemctl", on ? "enable" : "disable", name);
        }
    }

    /** SysV rc links in {@code /etc/rc?.d}, by {@code update-rc.d}. */
    record RcLinks(Host host) implements BootControl {
        @Override
        public String tool() {
            return "update-rc.d";
        }

        @Override
        public boolean enabled(String name) {
            if (host.stat("/etc/init.d/" + name).isEmpty()) {
                throw new KvmforgeException(ErrorKind.TASK, "there is no init script /etc/init.d/" + name + " on "
                        + host.name(), host.name(), "ls /etc/init.d lists the services there are");
            }
            return host.fact(BootLinks.FACT).enabled(name + ".service");
        }

        @Override
        public void enable(String name, boolean on) {
            if (on) {
                RunControl.must(host, null, "update-rc.d", name, "defaults");
            }
            RunControl.must(host, null, "update-rc.d", name, on ? "enable" : "disable");
            host.forget(BootLinks.FACT);
        }
    }

    /** OpenRC's default runlevel, by {@code rc-update}. */
    record OpenrcRunlevel(Host host) implements BootControl {
        @Override
        public String tool() {
            return "rc-update";
        }

        @Override
        public boolean enabled(String name) {
            return host.fact(BootLinks.FACT).links().contains("/etc/runlevels/default/" + name);
        }

        @Override
        public void enable(String name, boolean on) {
            RunControl.must(host, null, "rc-update", on ? "add" : "del", name, "default");
            host.forget(BootLinks.FACT);
        }
    }

    /** A host with none of the tools: asking is an error. */
    record Unknown(Host host) implements BootControl {
        @Override
        public String tool() {
            return "nothing";
        }

        @Override
        public boolean enabled(String name) {
            throw new KvmforgeException(ErrorKind.TASK, "cannot tell whether " + name + " starts at boot on "
                    + host.name() + ": it has none of systemctl, update-rc.d and rc-update", host.name(),
                    "leave 'enabled' unset on this host");
        }

        @Override
        public void enable(String name, boolean on) {
            enabled(name);
        }
    }
}
