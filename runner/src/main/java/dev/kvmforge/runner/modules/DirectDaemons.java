package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Services on a host with no running init (a container, a machine whose PID 1 is something else): the daemon is run
 * directly, as its init script would. Whether it runs is decided by its pidfile, then by {@code pgrep -x} on its
 * process name (zombies do not count). Starting needs to know the daemon: {@link #KNOWN} lists the ones kvmforge
 * starts (libvirtd after virtlogd, and virtlockd first when qemu.conf asks for the lockd lock manager); any process
 * can be stopped or reloaded (SIGHUP) by its name.
 *
 * @param host the host
 * @param init the name of its PID 1, for messages
 */
record DirectDaemons(Host host, String init) implements RunControl {

    /**
     * A daemon kvmforge can start without an init.
     *
     * @param name    the service name operators use
     * @param alias   another name for it ({@code ssh} for {@code sshd}), or empty
     * @param program the executable
     * @param args    its arguments to run in the background
     * @param pidfile the pidfile it writes
     * @param needs   daemons that must run before it
     * @param ready   a path that exists once it serves (its socket), or empty: then the process is enough
     * @param prepare a shell command run first (a directory it needs), or empty
     * @param reload  the signal that makes it read its configuration again without stopping: HUP, or USR1 for
     *                virtlogd and virtlockd (which re-execute themselves on it and die of a HUP)
     */
    record KnownDaemon(String name, String alias, String program, List<String> args, String pidfile,
                       List<String> needs, String ready, String prepare, String reload) {

        /** The process name {@code pgrep -x} looks for. */
        String process() {
            return program.substring(program.lastIndexOf('/') + 1);
        }
    }

    /** The daemons kvmforge starts directly. */
    static final List<KnownDaemon> KNOWN = List.of(
            new KnownDaemon("virtlogd", "", "/usr/sbin/virtlogd", List.of("-d"), "/run/virtlogd.pid", List.of(),
                    "/run/libvirt/virtlogd-sock", "", "USR1"),
            new KnownDaemon("virtlockd", "", "/usr/sbin/virtlockd", List.of("-d"), "/run/virtlockd.pid", List.of(),
                    "/run/libvirt/virtlockd-sock", "", "USR1"),
            new KnownDaemon("libvirtd", "libvirt-bin", "/usr/sbin/libvirtd", List.of("-d"), "/run/libvirtd.pid",
                    List.of("virtlogd"), "/run/libvirt/libvirt-sock", "", "HUP"),
            new KnownDaemon("virtqemud", "", "/usr/sbin/virtqemud", List.of("-d"), "/run/virtqemud.pid",
                    List.of("virtlogd"), "/run/libvirt/virtqemud-sock", "", "HUP"),
            new KnownDaemon("sshd", "ssh", "/usr/sbin/sshd", List.of(), "/run/sshd.pid", List.of(), "",
                    "mkdir -p /run/sshd && chmod 0755 /run/sshd", "HUP"));

    static Optional<KnownDaemon> known(String name) {
        return KNOWN.stream().filter(d -> d.name().equals(name) || d.alias().equals(name)).findFirst();
    }

    private KnownDaemon knownOrFail(String name) {
        return known(name).orElseThrow(() -> new KvmforgeException(ErrorKind.TASK, "cannot start " + name + " on "
                + host.name() + ": it has no running init (PID 1 is " + init + ") and " + name
                + " is not a daemon kvmforge starts by itself (it knows " + String.join(", ",
                KNOWN.stream().map(KnownDaemon::name).toList()) + ")", host.name(),
                "start it with the command module (command: /usr/sbin/" + name + " ...), or use a host whose init "
                        + "runs (systemd, OpenRC or SysV)"));
    }

    /** The pidfile and process name to look for: the table's, or {@code /run/NAME.pid} and NAME. */
    private String[] identity(String name) {
        return known(name).map(d -> new String[] {d.pidfile(), d.process()})
                .orElse(new String[] {"/run/" + name + ".pid", name});
    }

    /**
     * The live processes of the service: the pidfile's when it names one, else every process of that name. One
     * command.
     */
    private List<String> pids(String name) {
        String[] id = identity(name);
        String script = "n=" + Shell.quote(id[1]) + "; f=" + Shell.quote(id[0]) + "; "
                + "alive() { [ \"$(cat /proc/$1/comm 2>/dev/null)\" = \"$n\" ] "
                + "&& ! grep -q '^State:[[:space:]]*Z' /proc/$1/status 2>/dev/null; }; "
                + "p=$(cat \"$f\" 2>/dev/null | tr -dc 0-9); "
                + "if [ -n \"$p\" ] && alive \"$p\"; then echo \"$p\"; exit 0; fi; "
                + "if command -v pgrep >/dev/null 2>&1; then all=$(pgrep -x \"$n\"); "
                + "else all=$(for d in /proc/[0-9]*; do [ \"$(cat $d/comm 2>/dev/null)\" = \"$n\" ] "
                + "&& echo ${d#/proc/}; done); fi; "
                + "for p in $all; do alive \"$p\" && echo \"$p\"; done; true";
        ExecResult r = host.run(script);
        return r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    @Override
    public boolean running(String name) {
        return !pids(name).isEmpty();
    }

    /** The daemons {@code d} needs, in the order to start them. */
    private List<String> needs(KnownDaemon d) {
        List<String> needs = new ArrayList<>(d.needs());
        if ((d.name().equals("libvirtd") || d.name().equals("virtqemud"))
                && host.run("grep -Eq '^[[:space:]]*lock_manager[[:space:]]*=[[:space:]]*\"lockd\"' "
                + "/etc/libvirt/qemu.conf").ok()) {
            needs.add(0, "virtlockd");
        }
        return needs;
    }

    @Override
    public List<String> startPlan(String name) {
        KnownDaemon d = knownOrFail(name);
        List<String> plan = new ArrayList<>();
        for (String need : needs(d)) {
            if (!running(need)) {
                plan.add("start " + need + " (" + d.name() + " needs it): " + command(knownOrFail(need)));
            }
        }
        plan.add("start " + name + ": " + command(d));
        return plan;
    }

    private static String command(KnownDaemon d) {
        List<String> words = new ArrayList<>(List.of(d.program()));
        words.addAll(d.args());
        return Shell.command(words);
    }

    @Override
    public void start(String name) {
        KnownDaemon d = knownOrFail(name);
        for (String need : needs(d)) {
            if (!running(need)) {
                launch(knownOrFail(need));
            }
        }
        launch(d);
    }

    private void launch(KnownDaemon d) {
        if (host.stat(d.program()).isEmpty()) {
            throw new KvmforgeException(ErrorKind.TASK, d.name() + " is not installed on " + host.name() + " (no "
                    + d.program() + ")", host.name(), "install it with the package module");
        }
        String line = (d.prepare().isEmpty() ? "" : d.prepare() + " && ") + "cd / && " + command(d) + " </dev/null";
        ExecResult r = host.run(line);
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, d.name() + " did not start (exit status " + r.exitStatus()
                    + "): " + (r.stderr() + r.stdout()).strip(), host.name(), "run " + command(d)
                    + " by hand to see why");
        }
        String ready = d.ready().isEmpty() ? "true" : "[ -e " + Shell.quote(d.ready()) + " ]";
        for (int i = 0; i < 100; i++) {
            if (running(d.name()) && host.run(ready).ok()) {
                return;
            }
            sleep();
        }
        throw new KvmforgeException(ErrorKind.TASK, d.name() + " was started but is not serving after 10 s",
                host.name(), "see its log (/var/log/libvirt/ for libvirt's daemons) or run " + command(d)
                + " without -d");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvmforgeException(ErrorKind.TASK, "interrupted while waiting for a daemon", null, null);
        }
    }

    @Override
    public void stop(String name) {
        List<String> pids = pids(name);
        if (pids.isEmpty()) {
            return;
        }
        String list = String.join(" ", pids);
        String script = "kill -TERM " + list + " 2>/dev/null; i=0; while [ $i -lt 100 ]; do gone=1; for p in " + list
                + "; do [ -d /proc/$p ] && ! grep -q '^State:[[:space:]]*Z' /proc/$p/status 2>/dev/null && gone=0; "
                + "done; [ $gone = 1 ] && exit 0; sleep 0.1; i=$((i+1)); done; exit 1";
        if (!host.run(script).ok()) {
            throw new KvmforgeException(ErrorKind.TASK, name + " (pid " + list + ") did not stop within 10 s of "
                    + "SIGTERM", host.name(), "see what it is doing; kill -KILL " + list + " ends it for good");
        }
    }

    @Override
    public void restart(String name) {
        knownOrFail(name);
        stop(name);
        start(name);
    }

    @Override
    public void reload(String name) {
        List<String> pids = pids(name);
        if (pids.isEmpty()) {
            start(name);
            return;
        }
        String signal = known(name).map(KnownDaemon::reload).orElse("HUP");
        RunControl.must(host, null, "kill", "-" + signal, pids.get(0));
    }
}
