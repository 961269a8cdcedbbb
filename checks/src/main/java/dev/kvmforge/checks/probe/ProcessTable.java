package dev.kvmforge.checks.probe;

import java.util.ArrayList;
import java.util.List;

/**
 * The libvirt daemons and QEMU processes running, read from {@code /proc} under the snapshot's root.
 *
 * @param available there was a process table to read
 * @param init      the name of PID 1 ({@code systemd}, {@code init}...), empty when unknown
 * @param processes the libvirt daemons ({@code libvirtd}, {@code virtqemud}, {@code virtlogd}, {@code virtproxyd},
 *                  {@code virtlockd}) and QEMU processes, those in containers included (see
 *                  {@link HostProcess#container()}); the query methods leave those out
 */
public record ProcessTable(boolean available, String init, List<HostProcess> processes) {

    public ProcessTable {
        processes = List.copyOf(processes);
    }

    static final String SCRIPT = String.join("\n",
            "d=\"$R/proc\"",
            "if [ ! -d \"$d/1\" ]; then exit 3; fi",
            "{ read -r i < \"$d/1/comm\"; } 2>/dev/null && echo \"init $i\"",
            "me=$(readlink /proc/self/ns/mnt 2>/dev/null)",
            "for p in \"$d\"/[0-9]*; do",
            "  { read -r c < \"$p/comm\"; } 2>/dev/null || continue",
            "  case \"$c\" in libvirtd|virtqemud|virtlogd|virtproxyd|virtlockd|qemu-system-*|qemu-kvm) ;; *) continue;; esac",
            "  u=-1",
            "  { while read -r k a b rest; do if [ \"$k\" = Uid: ]; then u=$b; break; fi; done < \"$p/status\"; } 2>/dev/null",
            "  g=0",
            "  case \"$c\" in qemu*) if tr '\\000' ' ' < \"$p/cmdline\" 2>/dev/null | grep -q 'guest='; then g=1; fi;; esac",
            "  n=$(readlink \"$p/ns/mnt\" 2>/dev/null)",
            "  if [ -n \"$n\" ] && [ -n \"$me\" ] && [ \"$n\" != \"$me\" ]; then o=1; else o=0; fi",
            "  echo \"proc ${p##*/} $u $g $o $c\"",
            "done");

    static ProcessTable read(ProbeOutput out) {
        if (out.exitStatus() == 3) {
            return new ProcessTable(false, "", List.of());
        }
        String init = "";
        List<HostProcess> list = new ArrayList<>();
        for (String line : out.stdout().split("\n")) {
            if (line.startsWith("init ")) {
                init = line.substring(5).strip();
            } else if (line.startsWith("proc ")) {
                String[] f = line.split(" ", 6);
                list.add(new HostProcess(Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3].equals("1"),
                        f[5].strip(), f[4].equals("1")));
            }
        }
        return new ProcessTable(true, init, list);
    }

    /** This host's processes named {@code command} (not those in containers). */
    public List<HostProcess> named(String command) {
        return processes.stream().filter(p -> !p.container() && p.command().equals(command)).toList();
    }

    /** Whether this host runs {@code command} (a process in a container does not count). */
    public boolean running(String command) {
        return !named(command).isEmpty();
    }

    /** This host's QEMU processes started by libvirt for guests. */
    public List<HostProcess> guests() {
        return processes.stream().filter(p -> !p.container() && p.libvirtGuest()).toList();
    }

    /** The processes of interest that run in containers (other mount namespaces). */
    public List<HostProcess> inContainers() {
        return processes.stream().filter(HostProcess::container).toList();
    }

    /** Whether systemd is PID 1, so that enabled sockets are listening and start their daemons on demand. */
    public boolean systemdInit() {
        return init.equals("systemd");
    }
}
