package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.connection.ExecResult;
import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A distribution's package manager, as the {@code package} module drives it: the commands that simulate a
 * transaction (to list exactly what would change), carry it out, and refresh the cache. Every name goes through
 * {@link Shell#quote}.
 */
public sealed interface PackageManager permits PackageManager.Apt, PackageManager.Dnf {

    /** The state the module is asked for. */
    enum Goal { PRESENT, ABSENT, LATEST }

    /** One package the transaction would touch: {@code action} is install, upgrade or remove. */
    record Step(String action, String name, String version) {
        @Override
        public String toString() {
            return action + " " + name + (version == null || version.isEmpty() ? "" : " (" + version + ")");
        }
    }

    /** The command that simulates reaching {@code goal} for {@code names}: it changes nothing. */
    String simulate(Goal goal, List<String> names);

    /**
     * The same simulation against a freshly downloaded copy of the package lists in a temporary directory, so that a
     * stale cache gives an exact plan while the host's own cache stays as it is.
     */
    String simulateWithFreshLists(Goal goal, List<String> names);

    /** The command that reaches {@code goal} for {@code names}, in one transaction. */
    String carryOut(Goal goal, List<String> names);

    /** The command that refreshes the package cache. */
    String refreshCache();

    /** The command that prints the age of the package cache in seconds (a large number when there is none). */
    String cacheAge();

    /** Reads the simulation's output: the packages that would change. */
    List<Step> steps(String simulationOutput);

    /** The package names that the simulation's error output says do not exist. */
    List<String> unknownNames(String errorOutput);

    /** Whether the output says another process holds the package manager's lock. */
    boolean lockHeld(String output);

    /**
     * Picks the manager of {@code host} by its OS family.
     *
     * @param recommends install recommended (weak) dependencies too; null for the manager's own default
     */
    static PackageManager of(Host host, Boolean recommends) {
        String family = host.facts().osFamily();
        return switch (family) {
            case "Debian" -> new Apt(Duration.ofMinutes(2), recommends);
            case "RedHat" -> new Dnf(recommends);
            default -> throw new KvmforgeException(ErrorKind.TASK, "no package manager support for the " + family
                    + " family", host.name(), "kvmforge drives apt (Debian, Ubuntu) and dnf (Fedora, RHEL family)");
        };
    }

    /** Runs {@code command}, waiting (bounded) while another process holds the lock. */
    default ExecResult runWaitingForLock(Host host, String command, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            ExecResult r = host.run(command);
            if (r.ok() || !lockHeld(r.stdout() + r.stderr()) || System.nanoTime() > deadline) {
                return r;
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r;
            }
        }
    }

    /** apt-get for Debian and Ubuntu, non-interactive, waiting for the dpkg lock up to a bound. */
    record Apt(Duration lockTimeout, Boolean recommends) implements PackageManager {

        private static final Pattern INST = Pattern.compile("^(Inst|Remv|Purg) (\\S+)(?: \\[[^]]*])?(?: \\(([^ )]+))?.*$",
                Pattern.MULTILINE);
        private static final Pattern UNKNOWN = Pattern.compile(
                "E: (?:Unable to locate package |Package '?)(\\S+?)'?(?: has no installation candidate)?$", Pattern.MULTILINE);

        private String base(String verb) {
            return "DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=" + lockTimeout.toSeconds()
                    + " -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold " + verb;
        }

        @Override
        public String simulate(Goal goal, List<String> names) {
            return "LC_ALL=C apt-get -s -q " + verb(goal) + recommendsOption() + " " + Shell.command(names);
        }

        @Override
        public String simulateWithFreshLists(Goal goal, List<String> names) {
            String lists = "-o Dir::State::Lists=\"$d\" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=";
            return "d=$(mktemp -d /tmp/kvmforge-apt.XXXXXX) && trap 'rm -rf \"$d\"' EXIT && mkdir -p \"$d/partial\""
                    + " && { cp -a /var/lib/apt/lists/. \"$d/\" 2>/dev/null; rm -f \"$d/lock\"; true; }"
                    + " && LC_ALL=C apt-get -q " + lists + " update >/dev/null"
                    + " && LC_ALL=C apt-get -s -q " + lists + " " + verb(goal) + recommendsOption() + " "
                    + Shell.command(names);
        }

        @Override
        public String carryOut(Goal goal, List<String> names) {
            return "LC_ALL=C " + base(verb(goal)) + recommendsOption() + " " + Shell.command(names);
        }

        private String recommendsOption() {
            return recommends == null ? "" : recommends ? " --install-recommends" : " --no-install-recommends";
        }

        private static String verb(Goal goal) {
            return switch (goal) {
                case PRESENT -> "install --no-upgrade";
                case LATEST -> "install";
                case ABSENT -> "remove";
            };
        }

        /** Refreshes the lists, then stamps the time as Debian's and Ubuntu's update hooks do. */
        @Override
        public String refreshCache() {
            return "LC_ALL=C " + base("update") + " && mkdir -p /var/lib/apt/periodic"
                    + " && touch /var/lib/apt/periodic/update-success-stamp";
        }

        @Override
        public String cacheAge() {
            return "f=/var/lib/apt/periodic/update-success-stamp; [ -e $f ] || f=/var/lib/apt/lists; "
                    + "if [ -e $f ] && ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1; then "
                    + "echo $(( $(date +%s) - $(stat -c %Y $f) )); else echo 999999999; fi";
        }

        @Override
        public List<Step> steps(String out) {
            List<Step> steps = new ArrayList<>();
            Matcher m = INST.matcher(out);
            while (m.find()) {
                String action = switch (m.group(1)) {
                    case "Inst" -> out.contains("Inst " + m.group(2) + " [") ? "upgrade" : "install";
                    default -> "remove";
                };
                steps.add(new Step(action, m.group(2), m.group(3)));
            }
            return steps;
        }

        @Override
        public List<String> unknownNames(String err) {
            List<String> names = new ArrayList<>();
            Matcher m = UNKNOWN.matcher(err);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }

        @Override
        public boolean lockHeld(String output) {
            return output.contains("Could not get lock") || output.contains("is another process using it");
        }
    }

    /** dnf for Fedora and the RHEL family. */
    record Dnf(Boolean recommends) implements PackageManager {

        private static final Pattern STEP = Pattern.compile(
                "^ (\\S+)\\s+(?:x86_64|aarch64|noarch|i686|ppc64le|s390x)\\s+(\\S+)\\s+\\S+", Pattern.MULTILINE);

        @Override
        public String simulate(Goal goal, List<String> names) {
            return "LC_ALL=C dnf -q --assumeno" + weakDeps() + " " + verb(goal) + " " + Shell.command(names)
                    + " 2>&1; true";
        }

        @Override
        public String simulateWithFreshLists(Goal goal, List<String> names) {
            return "d=$(mktemp -d /tmp/kvmforge-dnf.XXXXXX) && trap 'rm -rf \"$d\"' EXIT && LC_ALL=C dnf -q --assumeno"
                    + " --refresh --setopt=cachedir=\"$d\" " + verb(goal) + " " + Shell.command(names) + " 2>&1; true";
        }

        @Override
        public String carryOut(Goal goal, List<String> names) {
            return "LC_ALL=C dnf -y -q" + weakDeps() + " " + verb(goal) + " " + Shell.command(names);
        }

        private String weakDeps() {
            return recommends == null ? "" : " --setopt=install_weak_deps=" + (recommends ? "True" : "False");
        }

        private static String verb(Goal goal) {
            return switch (goal) {
                case PRESENT -> "install";
                case LATEST -> "upgrade-minimal --setopt=install_weak_deps=False";
                case ABSENT -> "remove";
            };
        }

        @Override
        public String refreshCache() {
            return "LC_ALL=C dnf -q makecache";
        }

        @Override
        public String cacheAge() {
            return "f=$(ls -t /var/cache/dnf/*.solv 2>/dev/null | head -1); "
                    + "if [ -n \"$f\" ]; then echo $(( $(date +%s) - $(stat -c %Y \"$f\") )); else echo 999999999; fi";
        }

        @Override
        public List<Step> steps(String out) {
            List<Step> steps = new ArrayList<>();
            String section = "install";
            for (String line : out.split("\n")) {
                if (line.startsWith("Installing") || line.startsWith("Upgrading") || line.startsWith("Removing")) {
                    section = line.startsWith("Installing") ? "install" : line.startsWith("Upgrading") ? "upgrade"
                            : "remove";
                    continue;
                }
                Matcher m = STEP.matcher(line);
                if (m.find()) {
                    steps.add(new Step(section, m.group(1), m.group(2)));
                }
            }
            return steps;
        }

        @Override
        public List<String> unknownNames(String err) {
            List<String> names = new ArrayList<>();
            Matcher m = Pattern.compile("No match for argument: (\\S+)").matcher(err);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }

        @Override
        public boolean lockHeld(String output) {
            return output.contains("Waiting for process with pid");
        }
    }
}
