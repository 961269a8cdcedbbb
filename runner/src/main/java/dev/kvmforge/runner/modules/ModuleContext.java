package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.template.Templar;
import java.nio.file.Path;
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
 */
public record ModuleContext(Host host, boolean checkMode, Map<String, Object> vars, Templar templar, Path playbookDir) {

    /** Finds a controller-side file: as given if absolute, else under the playbook's {@code sub} folder, then its dir. */
    public Path localFile(String name, String sub) {
        Path p = Path.of(name);
        if (p.isAbsolute()) {
            return p;
        }
        Path base = playbookDir == null ? Path.of(".") : playbookDir;
        Path inSub = base.resolve(sub).resolve(name);
        return java.nio.file.Files.exists(inSub) ? inSub : base.resolve(name);
    }
}
