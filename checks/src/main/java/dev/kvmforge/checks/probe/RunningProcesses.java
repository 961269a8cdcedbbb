package dev.kvmforge.checks.probe;

import java.util.ArrayList;
import java.util.List;

/**
 * Every process in the process table under the snapshot's root ({@code $R/proc}): its id, effective user id and
 * name. For spec checks of any process; {@link ProcessTable} is the libvirt checks' narrower view.
 *
 * @param available there was a process table to read
 * @param processes the processes, by pid
 */
public record RunningProcesses(boolean available, List<Process> processes) {

    /**
     * One process.
     *
     * @param pid     process id
     * @param uid     effective user id, -1 when it could not be read
     * @param command the name the kernel keeps ({@code comm}, at most 15 characters)
     */
    public record Process(int pid, int uid, String command) {
    }

    public RunningProcesses {
        processes = List.copyOf(processes);
    }

    static final String SCRIPT = String.join("\n",
            "d=\"$R/proc\"",
            "if [ ! -d \"$d/1\" ]; then exit 3; fi",
            "for p in \"$d\"/[0-9]*; do",
            "  { read -r c < \"$p/comm\"; } 2>/dev/null || continue",
            "  u=-1",
            "  { while read -r k a b rest; do if [ \"$k\" = Uid: ]; then u=$b; break; fi; done < \"$p/status\"; } 2>/dev/null",
            "  echo \"${p##*/} $u $c\"",
            "done");

    static RunningProcesses read(ProbeOutput out) {
        if (out.exitStatus() == 3) {
            return new RunningProcesses(false, List.of());
        }
        List<Process> list = new ArrayList<>();
        for (String line : out.stdout().split("\n")) {
            String[] f = line.split(" ", 3);
            if (f.length == 3 && f[0].matches("[0-9]+") && f[1].matches("-?[0-9]+")) {
                list.add(new Process(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[2].strip()));
            }
        }
        return new RunningProcesses(true, list);
    }

    /**
     * The processes named {@code name}: the kernel's name ({@code comm}), which is cut at 15 characters, so a longer
     * name matches by its first 15.
     */
    public List<Process> named(String name) {
        String comm = name.length() > 15 ? name.substring(0, 15) : name;
        return processes.stream().filter(p -> p.command().equals(comm)).toList();
    }
}
