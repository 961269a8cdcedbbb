package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.connection.Prompter;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.libvirt.Libvirt;
import dev.kvmforge.runner.libvirt.LibvirtUnavailableException;
import dev.kvmforge.runner.template.Templar;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a module may see while it plans and applies.
 *
 * @param host        the host, already set up with the task's become, environment and time limit
 * @param checkMode   true for a dry run (only {@code plan} is called, unless the module runs in check mode)
 * @param vars        the task's variables on this host, for modules that render ({@code template}, {@code debug})
 * @param templar     the renderer for those variables
 * @param playbookDir the directory of the playbook: relative {@code src} paths are looked up here
 *                    (and in its {@code files/} and {@code templates/})
 * @param forecast    what earlier tasks of this dry run would have changed on the host
 * @param roleDir     the directory of the role the task belongs to, or null: its {@code files/} and
 *                    {@code templates/} (then itself) come before the playbook's, as Ansible looks
 * @param reconnect   a new connection to the host, for the modules that {@linkplain Module#reachesHostItself reach
 *                    it themselves}
 * @param prompter    where the operator answers a prompt ({@code pause})
 */
public record ModuleContext(Host host, boolean checkMode, Map<String, Object> vars, Templar templar, Path playbookDir,
                            Forecast forecast, Path roleDir, Reconnect reconnect, Prompter prompter) {

    public ModuleContext {
        prompter = prompter == null ? Prompter.CONSOLE : prompter;
    }

    /** A context of a run, without a way to reconnect, prompting on this process's console. */
    public ModuleContext(Host host, boolean checkMode, Map<String, Object> vars, Templar templar, Path playbookDir,
                         Forecast forecast, Path roleDir) {
        this(host, checkMode, vars, templar, playbookDir, forecast, roleDir, Reconnect.NONE, Prompter.CONSOLE);
    }

    /** A context whose host has no forecast (a single task, as in tests). */
    public ModuleContext(Host host, boolean checkMode, Map<String, Object> vars, Templar templar, Path playbookDir) {
        this(host, checkMode, vars, templar, playbookDir, new Forecast(), null);
    }

    /** In a dry run, whether an earlier task would have created {@code path}. */
    public boolean expects(String path) {
        return checkMode && forecast.wouldExist(path);
    }

    /** In a dry run, whether an earlier task would have started {@code service}. */
    public boolean expectsRunning(String service) {
        return checkMode && forecast.wouldRun(service);
    }

    /** In a dry run, whether an earlier task would have installed packages (so programs may be missing yet). */
    public boolean expectsInstalls() {
        return checkMode && forecast.wouldInstallAny();
    }

    /**
     * libvirt on the host. In a dry run where an earlier task would install libvirt or start libvirtd, a libvirt
     * that is not there yet is planned against as an empty one; otherwise its absence is the error it is.
     */
    public Libvirt libvirt(String uri) {
        try {
            return Libvirt.open(host, uri);
        } catch (LibvirtUnavailableException e) {
            if (expectsRunning("libvirtd") || expectsRunning("virtqemud") || expectsInstalls()) {
                return Libvirt.notYet(uri);
            }
            throw e;
        }
    }

    /**
     * Finds a controller-side file: as given if absolute, else under the role's {@code sub} folder, then the role's
     * directory, then the playbook's {@code sub} folder, then its directory.
     */
    public Path localFile(String name, String sub) {
        Path p = Path.of(name);
        if (p.isAbsolute()) {
            return p;
        }
        if (roleDir != null) {
            for (Path inRole : List.of(roleDir.resolve(sub).resolve(name), roleDir.resolve(name))) {
                if (java.nio.file.Files.exists(inRole)) {
                    return inRole;
                }
            }
        }
        Path base = playbookDir == null ? Path.of(".") : playbookDir;
        Path inSub = base.resolve(sub).resolve(name);
        return java.nio.file.Files.exists(inSub) ? inSub : base.resolve(name);
    }
}
