package dev.kvmforge.runner.playbook;

import dev.kvmforge.runner.error.SourceLocation;
import java.util.List;
import java.util.Map;

/**
 * {@code include_tasks} or {@code include_role}: a task file or a role read when the run reaches it, for each host
 * (its name may be a template that a host's facts decide), once per loop item when it loops. Its own keywords
 * ({@code when}, {@code tags}, the loop) are about the include; the included tasks get the keywords around it, its
 * {@code ignore_errors} and {@code no_log}, what {@code apply} says, and the include's {@code vars} and loop variables
 * as include parameters.
 *
 * @param kind        {@code include_tasks} or {@code include_role}
 * @param name        the name as written, or the kind
 * @param target      the file (relative to the including file's directory, then the role's {@code tasks/}, then the
 *                    playbook's directory) or the role, perhaps a template
 * @param options     the include's own keywords, inside those around it
 * @param loop        the loop (a list, or a template that gives one), or null
 * @param loopControl loop_var, index_var, label...
 * @param role        the role the include is written in, or null
 * @param loader      reads the file's tasks or the role's for the include
 * @param location    where the include is written
 */
public record Include(String kind, String name, String target, TaskOptions options, Object loop,
                      Task.LoopControl loopControl, Role role, Loader loader, SourceLocation location)
        implements TaskNode {

    /** Whether it includes a role (else a task file). */
    public boolean ofRole() {
        return kind.equals("include_role");
    }

    /** Reads the included file or role for one host (and loop item). */
    @FunctionalInterface
    public interface Loader {
        /** The tasks of {@code target} as found, with {@code vars} (the loop's variables) as include parameters. */
        List<TaskNode> load(String target, Map<String, Object> vars);
    }
}
