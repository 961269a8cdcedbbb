package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The directory where one directly launched VM keeps its runtime files: {@code qemu.pid}, {@code qmp.sock},
 * {@code serial.log} (unless logged elsewhere) and {@code cmdline}, the exact command line that started it.
 *
 * @param path the directory's absolute path, such as {@code /var/lib/kvmforge/qemu/NAME}
 */
public record QemuRunDir(String path) {

    /** Where VMs keep their runtime files unless {@code run_dir} says otherwise. */
    public static final String DEFAULT_PARENT = "/var/lib/kvmforge/qemu";

    /** The run directory of the VM {@code name} under {@link #DEFAULT_PARENT}. */
    public static QemuRunDir of(String name) {
        return new QemuRunDir(DEFAULT_PARENT + "/" + name);
    }

    /** {@code qemu.pid}: written by QEMU, removed by it when it exits. */
    public String pidFile() {
        return path + "/qemu.pid";
    }

    /** {@code qmp.sock}: the VM's QMP socket. */
    public String qmpSocket() {
        return path + "/qmp.sock";
    }

    /** {@code serial.log}: the serial console, unless {@code serial_log} puts it elsewhere. */
    public String serialLog() {
        return path + "/serial.log";
    }

    /** {@code cmdline}: the command line that started the VM, as the shell reads it. */
    public String cmdlineFile() {
        return path + "/cmdline";
    }

    /** The VM's QMP socket. */
    public QemuMonitor monitor(Host host) {
        return new QemuMonitor(host, qmpSocket());
    }

    /**
     * The QEMU started for this directory, if it runs: the process named by the pidfile whose own arguments name that
     * pidfile (a stale pidfile, or a process id since reused, is not a running VM).
     */
    public Optional<QemuProcess> running(Host host) {
        ExecResult r = host.run("p=" + Shell.quote(pidFile()) + "; [ -f \"$p\" ] || exit 0; pid=$(cat \"$p\"); "
                + "case $pid in ''|*[!0-9]*) exit 0;; esac; [ -r /proc/$pid/cmdline ] || exit 0; "
                + "echo \"$pid\"; base64 -w0 /proc/$pid/cmdline");
        if (!r.ok()) {
            throw new KvmforgeException(ErrorKind.TASK, "cannot read " + pidFile() + ": " + r.stderr().strip(),
                    host.name(), null);
        }
        String[] lines = r.stdout().split("\n", 2);
        if (lines[0].isBlank()) {
            return Optional.empty();
        }
        String encoded = lines.length > 1 ? lines[1].strip() : "";
        String args = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        List<String> argv = args.isEmpty() ? List.of() : Arrays.asList(args.split("\0", -1));
        if (!argv.isEmpty() && argv.get(argv.size() - 1).isEmpty()) {
            argv = argv.subList(0, argv.size() - 1);
        }
        int at = argv.indexOf("-pidfile");
        if (at < 0 || at + 1 >= argv.size() || !argv.get(at + 1).equals(pidFile())) {
            return Optional.empty();
        }
        return Optional.of(new QemuProcess(Integer.parseInt(lines[0].strip()), List.copyOf(argv)));
    }

    /**
     * A running QEMU.
     *
     * @param pid  its process id
     * @param argv its command line, as the kernel holds it
     */
    public record QemuProcess(int pid, List<String> argv) {
    }
}
