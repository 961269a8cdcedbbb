package dev.kvmforge.runner.playbook;

import dev.kvmforge.runner.error.SourceLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code include_tasks}: a task file read when the run reaches it, for each host (its name may be a template that a
 * host's facts decide), once per loop item when it loops. Its own keywords ({@code when}, {@code tags}, the loop) are
 * about the include; the included tasks get the keywords around it, what {@code apply} says, and the include's
 * {@code vars} and loop variables.
 *
 * @param name        the name as written, or {@code include_tasks}
 * @param file        the file, perhaps a template, relative to the including file's directory (then the role's
 *                    {@code tasks/}, then the playbook's directory)
 * @param options     the include's own keywords, inside those around it
 * @param loop        the loop (a list, or a template that gives one), or null
 * @param loopControl loop_var, index_var, label...
 * @param role        the role the include is written in, or null
 * @param loader      reads a file's tasks for the include
 * @param location    where the include is written
 */
public record Include(String name, String file, TaskOptions options, Object loop, Task.LoopControl loopControl,
                      Role role, Loader loader, SourceLocation location) implements TaskNode {

    /** Reads the included file for one host (and loop item). */
    @FunctionalInterface
    public interface Loader {
        /**
         * The tasks of {@code file}, with {@code vars} (the loop's variables) set on each of them.
         *
         * @return the tasks, and the file as found
         */
        Included load(String file, Map<String, Object> vars);
    }

    /** A file's tasks as included. */
    public record Included(Path file, List<TaskNode> tasks) {
        public Included {
            tasks = List.copyOf(tasks);
        }
    }
}
