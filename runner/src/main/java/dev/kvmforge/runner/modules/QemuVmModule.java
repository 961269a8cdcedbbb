package dev.kvmforge.runner.modules;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.FileMode;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.host.KvmFacts;
import dev.kvmforge.runner.modules.QemuRunDir.QemuProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code qemu_vm}: a VM launched directly, like the tutorial's {@code qemu-system-x86_64 -hda DISK -cdrom ISO -m 2048
 * -boot d}, daemonized, with its pidfile, QMP socket, serial log and exact command line in a run directory
 * ({@code /var/lib/kvmforge/qemu/NAME/} unless {@code run_dir}).
 *
 * <p>The same VM running with the same command line is {@code ok}. A running VM is never killed to apply a changed
 * definition: that is an error saying to stop it first. {@code state: stopped} asks the guest to power down (QMP
 * {@code system_powerdown}), waits up to {@code stop_timeout} seconds, then quits QEMU through QMP, and kills the
 * process only when even that fails. The display is off; VNC only on loopback; no network device unless
 * {@code nic: user} asks for one.
 */
public final class QemuVmModule implements Module<QemuVmModule.Params> {

    /** Whether the VM should run. */
    public enum State {
        @JsonProperty("running") RUNNING,
        @JsonProperty("stopped") STOPPED
    }

    /** How the guest's CPU runs: KVM, emulated by TCG (slow; only when asked), or KVM where usable, else TCG. */
    public enum Accel {
        @JsonProperty("kvm") KVM,
        @JsonProperty("tcg") TCG,
        @JsonProperty("auto") AUTO;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The guest's network: none (default), or QEMU's user-mode network. */
    public enum Nic {
        @JsonProperty("none") NONE,
        @JsonProperty("user") USER;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The program that runs the VMs. */
    public static final String QEMU = "qemu-system-x86_64";

    /** Options kvmforge sets itself, which {@code extra_args} may not set again. */
    private static final Set<String> MANAGED_OPTIONS = Set.of("name", "pidfile", "daemonize", "qmp", "qmp-pretty",
            "monitor", "mon", "display", "vnc", "spice", "nographic", "curses", "sdl", "serial", "accel",
            "enable-kvm", "runas");

    private static final int DEFAULT_MEMORY_MB = 2048;
    private static final int DEFAULT_STOP_TIMEOUT = 30;
    private static final Duration QUIT_WAIT = Duration.ofSeconds(10);

    /**
     * @param name        the VM's name: 1 to 64 of {@code A-Z a-z 0-9 _ . -}, not starting with {@code .} or {@code -}
     * @param disk        the disk image (its format is read with {@code qemu-img info}); must exist
     * @param cdrom       an ISO image for the CD-ROM drive; must exist
     * @param memoryMb    memory in MiB (default 2048); no more than the host has
     * @param vcpus       virtual CPUs (default 1)
     * @param boot        boot order: {@code c} disk, {@code d} CD-ROM, {@code n} network, such as {@code d} or
     *                    {@code cd}
     * @param accel       kvm (default: fails clearly where /dev/kvm cannot be used), tcg (software emulation, much
     *                    slower), or auto (kvm where the task's user can open /dev/kvm, else tcg with a warning)
     * @param serialLog   the file the serial console is logged to (default {@code RUN_DIR/serial.log})
     * @param vnc         a VNC display on loopback only, such as {@code 127.0.0.1:1}; no display by default
     * @param nic         none (default) or user
     * @param extraArgs   more QEMU arguments, each passed as one word
     * @param state       running (default) or stopped
     * @param runDir      the directory for the pidfile, QMP socket, serial log and command line (default
     *                    {@code /var/lib/kvmforge/qemu/NAME})
     * @param stopTimeout seconds the guest has to power down before QEMU is told to quit (default 30)
     */
    public record Params(String name, String disk, String cdrom, Integer memoryMb, Integer vcpus, String boot,
                         Accel accel, String serialLog, String vnc, Nic nic, List<String> extraArgs, State state,
                         String runDir, Integer stopTimeout) {
        public Params {
            if (name == null || !name.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")) {
                throw new IllegalArgumentException("'name' must be 1 to 64 of the characters A-Z a-z 0-9 _ . - (not"
                        + " starting with . or -), not " + (name == null ? "missing" : "'" + name + "'"));
            }
            memoryMb = memoryMb == null ? DEFAULT_MEMORY_MB : memoryMb;
            vcpus = vcpus == null ? 1 : vcpus;
            accel = accel == null ? Accel.KVM : accel;
            nic = nic == null ? Nic.NONE : nic;
            state = state == null ? State.RUNNING : state;
            stopTimeout = stopTimeout == null ? DEFAULT_STOP_TIMEOUT : stopTimeout;
            extraArgs = extraArgs == null ? List.of() : List.copyOf(extraArgs);
            if (memoryMb < 1) {
                throw new IllegalArgumentException("'memory_mb' must be at least 1, not " + memoryMb);
            }
            if (vcpus < 1) {
                throw new IllegalArgumentException("'vcpus' must be at least 1, not " + vcpus);
            }
            if (stopTimeout < 0) {
                throw new IllegalArgumentException("'stop_timeout' must be 0 or more seconds, not " + stopTimeout);
            }
            if (boot != null && !boot.matches("(?!.*(.).*\\1)[cdn]{1,3}")) {
                throw new IllegalArgumentException("'boot' is an order of c (disk), d (CD-ROM) and n (network), each"
                        + " once, such as d or cd; not '" + boot + "'");
            }
            if (vnc != null && !vnc.matches("(127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|localhost|\\[::1]):\\d{1,4}")) {
                throw new IllegalArgumentException("'vnc' must be a loopback display such as 127.0.0.1:1, not '" + vnc
                        + "': a VNC console on another address is open to the network without a password");
            }
            requireAbsolute("disk", disk);
            requireAbsolute("cdrom", cdrom);
            requireAbsolute("serial_log", serialLog);
            requireAbsolute("run_dir", runDir);
            for (String a : extraArgs) {
                String option = a.replaceFirst("^--?", "");
                if (a.startsWith("-") && MANAGED_OPTIONS.contains(option)) {
                    throw new IllegalArgumentException("'extra_args' may not set " + a + ": kvmforge sets it (see the"
                            + " name, accel, vnc, serial_log and run_dir parameters)");
                }
            }
            if (state == State.RUNNING && disk == null && cdrom == null) {
                throw new IllegalArgumentException("give 'disk' or 'cdrom' (or both): the VM needs something to boot");
            }
        }

        /** The same parameters with {@code accel} decided. */
        Params withAccel(Accel decided) {
            return new Params(name, disk, cdrom, memoryMb, vcpus, boot, decided, serialLog, vnc, nic, extraArgs, state,
                    runDir, stopTimeout);
        }

        /** The VM's run directory. */
        QemuRunDir dir() {
            return runDir == null ? QemuRunDir.of(name) : new QemuRunDir(runDir);
        }

        /** Where the serial console is logged. */
        String serialLogPath() {
            return serialLog == null ? dir().serialLog() : serialLog;
        }

        private static void requireAbsolute(String param, String path) {
            if (path != null && (!path.startsWith("/") || path.endsWith("/"))) {
                throw new IllegalArgumentException("'" + param + "' must be an absolute file path, not '" + path + "'");
            }
        }
    }

    /** What {@link #apply} carries out: the plan's one change says it in words. */
    private enum Action { START, STOP }

    @Override
    public String name() {
        return "qemu_vm";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public Plan plan(ModuleContext context, Params asked) {
        Host host = context.host();
        List<String> warnings = new ArrayList<>();
        Params p = asked;
        if (asked.accel() == Accel.AUTO && asked.state() == State.RUNNING) {
            boolean kvm = kvmOpens(host);
            p = asked.withAccel(kvm ? Accel.KVM : Accel.TCG);
            if (!kvm) {
                warnings.add("VM " + p.name() + " runs under software emulation (accel tcg): "
                        + KvmFacts.gather(host).explain() + ". Guests run much slower than under KVM");
            }
        }
        QemuRunDir dir = p.dir();
        Optional<QemuProcess> running = dir.running(host);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", p.name());
        values.put("run_dir", dir.path());
        if (p.state() == State.STOPPED) {
            if (running.isEmpty()) {
                values.put("state", "stopped");
                return Plan.none(values);
            }
            values.put("pid", running.get().pid());
            return new Plan(List.of(Change.of("stop " + p.name() + " (pid " + running.get().pid()
                    + "): system_powerdown, then quit after " + p.stopTimeout() + " s")), values)
                    .withIntent(Action.STOP);
        }
        List<String> argv = commandLine(host, p, running.isPresent());
        String line = Shell.command(argv);
        values.put("cmdline", line);
        values.put("qmp_socket", dir.qmpSocket());
        values.put("serial_log", p.serialLogPath());
        if (running.isPresent()) {
            if (!running.get().argv().equals(argv)) {
                throw new KvmforgeException(ErrorKind.TASK, "VM " + p.name() + " is running (pid " + running.get().pid()
                        + ") with a different command line; it must be stopped first to start it as now defined",
                        null, "run a task with state: stopped first; now running: "
                        + Shell.command(running.get().argv()) + "; asked: " + line);
            }
            values.put("state", "running");
            values.put("pid", running.get().pid());
            return Plan.none(values);
        }
        refuseStart(host, p);
        if (!warnings.isEmpty()) {
            values.put("warnings", warnings);
        }
        String before = host.readText(dir.cmdlineFile()).orElse("");
        return new Plan(List.of(Change.of("start " + p.name() + " (" + p.accel() + ", " + p.memoryMb() + " MiB, "
                + p.vcpus() + " vCPU" + (p.vcpus() == 1 ? "" : "s") + (p.disk() == null ? "" : ", disk " + p.disk())
                + (p.cdrom() == null ? "" : ", cdrom " + p.cdrom()) + (p.boot() == null ? "" : ", boot " + p.boot())
                + ")", new Diff(dir.cmdlineFile(), before, line + "\n"))), values).withIntent(Action.START);
    }

    /** Everything that would stop QEMU from starting, found before anything changes. */
    private static void refuseStart(Host host, Params p) {
        long hostMb = host.facts().memoryMb();
        if (hostMb > 0 && p.memoryMb() > hostMb) {
            throw new KvmforgeException(ErrorKind.TASK, "'memory_mb' " + p.memoryMb() + " is more than the host's "
                    + hostMb + " MiB (MemTotal)", null, null);
        }
        if (p.accel() == Accel.KVM && !kvmOpens(host)) {
            KvmFacts k = KvmFacts.gather(host);
            throw new KvmforgeException(ErrorKind.TASK, "accel kvm: VM " + p.name() + " needs KVM, which "
                    + host.name() + " does not offer to the user running the task: " + k.explain(), host.name(),
                    "accel: auto runs the guest under KVM where KVM works and under software emulation (TCG, much"
                    + " slower) elsewhere, accel: tcg always emulates; in the qemu-vm playbook: -e kvm_required=false"
                    + (k.hint().isEmpty() ? "" : ". To get KVM: " + k.hint()));
        }
        if (p.cdrom() != null && !host.run("[ -f " + Shell.quote(p.cdrom()) + " ]").ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "'cdrom' " + p.cdrom() + " does not exist", null, null);
        }
        String logDir = p.serialLogPath().substring(0, Math.max(1, p.serialLogPath().lastIndexOf('/')));
        if (p.serialLog() != null && !host.run("[ -d " + Shell.quote(logDir) + " ]").ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "'serial_log': the directory " + logDir + " does not exist",
                    null, null);
        }
    }

    /** Whether the task's user can open /dev/kvm read-write, as QEMU's -accel kvm will. */
    private static boolean kvmOpens(Host host) {
        return host.run("[ -c /dev/kvm ] && [ -r /dev/kvm ] && [ -w /dev/kvm ]").ok();
    }

    /** The exact QEMU command line for {@code p}: what is started, and what a running VM is compared with. */
    static List<String> commandLine(Host host, Params p, boolean vmRunning) {
        QemuRunDir dir = p.dir();
        List<String> argv = new ArrayList<>(List.of(QEMU, "-name", "guest=" + p.name(), "-accel", p.accel().toString(),
                "-m", Integer.toString(p.memoryMb()), "-smp", Integer.toString(p.vcpus())));
        if (p.disk() != null) {
            QemuImage disk = QemuImage.read(host, p.disk()).orElseThrow(() -> new KvmforgeException(ErrorKind.TASK,
                    "'disk' " + p.disk() + " does not exist", null, "create it first, with the qemu_img module"));
            if (disk.inUse() && !vmRunning) {
                throw new KvmforgeException(ErrorKind.TASK, "'disk' " + p.disk() + " is in use by another running VM",
                        null, null);
            }
            argv.addAll(List.of("-drive", "file=" + option(p.disk()) + ",format=" + disk.format()
                    + ",if=ide,index=0,media=disk"));
        }
        if (p.cdrom() != null) {
            argv.addAll(List.of("-drive", "file=" + option(p.cdrom()) + ",format=raw,if=ide,index=2,media=cdrom"));
        }
        if (p.boot() != null) {
            argv.addAll(List.of("-boot", "order=" + p.boot()));
        }
        argv.addAll(List.of("-display", "none"));
        if (p.vnc() != null) {
            argv.addAll(List.of("-vnc", p.vnc()));
        }
        argv.addAll(List.of("-nic", p.nic().toString(), "-monitor", "none", "-parallel", "none",
                "-chardev", "file,id=serial0,path=" + option(p.serialLogPath()), "-serial", "chardev:serial0",
                "-chardev", "socket,id=qmp,path=" + option(dir.qmpSocket()) + ",server=on,wait=off",
                "-mon", "chardev=qmp,mode=control",
                "-pidfile", dir.pidFile(), "-daemonize"));
        argv.addAll(p.extraArgs());
        return argv;
    }

    /** A value inside a QEMU option list, where a comma is written twice. */
    private static String option(String value) {
        return value.replace(",", ",,");
    }

    @Override
    public ModuleResult apply(ModuleContext context, Params p, Plan plan) {
        Host host = context.host();
        Action action = plan.intent(Action.class).orElseThrow(() -> new IllegalStateException("a plan without its step"));
        return action == Action.STOP ? stop(host, p, plan) : start(host, p, plan);
    }

    private static ModuleResult start(Host host, Params p, Plan plan) {
        QemuRunDir dir = p.dir();
        String line = (String) plan.values().get("cmdline");
        ExecResult made = host.run("mkdir -p -m 0700 " + Shell.quote(dir.path()));
        if (!made.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "cannot create " + dir.path() + ": " + made.stderr().strip(),
                    host.name(), null);
        }
        host.writeText(dir.cmdlineFile(), line + "\n", new FileMode(0600), null, null);
        ExecResult r = host.run("rm -f -- " + Shell.quote(dir.pidFile()) + " " + Shell.quote(dir.qmpSocket())
                + "; " + line);
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "QEMU did not start " + p.name() + " (exit status "
                    + r.exitStatus() + "): " + r.stderr().strip(), host.name(),
                    r.exitStatus() == 127 ? "install qemu-system-x86" : null);
        }
        QemuProcess started = dir.running(host).orElseThrow(() -> new KvmforgeException(ErrorKind.TASK,
                "QEMU exited right after starting " + p.name() + ": " + r.stderr().strip(), host.name(),
                "see " + p.serialLogPath()));
        Map<String, Object> values = new LinkedHashMap<>(plan.values());
        values.put("state", "running");
        values.put("pid", started.pid());
        if (!r.stderr().isBlank()) {
            List<Object> warnings = new ArrayList<>(values.get("warnings") instanceof List<?> l ? l : List.of());
            warnings.addAll(r.stderr().strip().lines().toList());
            values.put("warnings", warnings);
        }
        return new ModuleResult(true, false, null, values, ModuleResult.of(plan).diffs());
    }

    private static ModuleResult stop(Host host, Params p, Plan plan) {
        QemuRunDir dir = p.dir();
        QemuMonitor monitor = dir.monitor(host);
        String how;
        if (tryQmp(monitor, "system_powerdown") && gone(host, dir, Duration.ofSeconds(p.stopTimeout()))) {
            how = "powered down by the guest";
        } else if (tryQmp(monitor, "quit") && gone(host, dir, QUIT_WAIT)) {
            how = "quit through QMP after " + p.stopTimeout() + " s";
        } else {
            Optional<QemuProcess> still = dir.running(host);
            if (still.isEmpty()) {
                how = "stopped";
            } else {
                host.run("kill -KILL " + still.get().pid());
                if (!gone(host, dir, QUIT_WAIT)) {
                    throw new KvmforgeException(ErrorKind.TASK, "VM " + p.name() + " (pid " + still.get().pid()
                            + ") did not stop, even when killed", host.name(), null);
                }
                how = "killed, as QMP quit did not stop it";
            }
        }
        host.run("rm -f -- " + Shell.quote(dir.pidFile()) + " " + Shell.quote(dir.qmpSocket()));
        Map<String, Object> values = new LinkedHashMap<>(plan.values());
        values.put("state", "stopped");
        values.put("stopped_by", how);
        return new ModuleResult(true, false, p.name() + " " + how, values, List.of());
    }

    private static boolean tryQmp(QemuMonitor monitor, String command) {
        try {
            monitor.execute(command);
            return true;
        } catch (KvmforgeException e) {
            return false;
        }
    }

    /** Waits up to {@code limit} for the VM to be gone; whether it is. */
    private static boolean gone(Host host, QemuRunDir dir, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (dir.running(host).isPresent()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KvmforgeException(ErrorKind.GENERAL, "interrupted", null, null, e);
            }
        }
        return true;
    }

    @Override
    public ModuleResult planned(ModuleContext context, Params p, Plan plan) {
        return new ModuleResult(!plan.isEmpty(), false, null, new LinkedHashMap<>(plan.values()),
                plan.changes().stream().map(Change::diff).filter(java.util.Objects::nonNull).toList());
    }
}
