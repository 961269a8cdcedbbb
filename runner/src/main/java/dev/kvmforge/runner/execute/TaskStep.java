package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.playbook.Task;
import java.util.Map;

/**
 * One run of a task on one host (one loop item, when it loops), as the stages see it: what it runs, where, with
 * which variables, and what the prepare phase made of the call.
 */
final class TaskStep {

    final TaskRunner runner;
    final PlaybookExecutor.PlayRun run;
    final Task task;
    final HostState state;
    final Map<String, Object> vars;
    /** The host {@code delegate_to} named, which {@link #host} reaches; null when the task runs on its own host. */
    HostState delegate;
    /** The delegate's variables, which say how it is reached and become on; null without delegate_to. */
    Map<String, Object> reachVars;
    /** Drops and remakes {@link #host}'s connection, for the modules that reach the host themselves. */
    dev.kvmforge.runner.modules.Reconnect reconnect = dev.kvmforge.runner.modules.Reconnect.NONE;
    /** The host the module talks to: the connection's host (null until connected), shaped by the prepare phase. */
    Host host;
    /** Whether the module only plans (check mode), as the prepare phase decided. */
    boolean check;

    TaskStep(TaskRunner runner, PlaybookExecutor.PlayRun run, Task task, HostState state, Host host,
             Map<String, Object> vars) {
        this.runner = runner;
        this.run = run;
        this.task = task;
        this.state = state;
        this.host = host;
        this.vars = vars;
    }
}
