package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.connection.ExecRequest;
import dev.kvmforge.runner.event.Event;

/** {@code -vvv}: the commands a task sends and their output become events, unless the task is {@code no_log}. */
final class CommandEcho implements TaskStage {

    @Override
    public void prepare(TaskStep step) {
        if (step.runner.options().verbosity() < 3 || Boolean.TRUE.equals(step.task.options().noLog())) {
            return;
        }
        String host = step.state.name();
        String task = step.task.name();
        step.host = step.host.withOutput(new ExecRequest.OutputListener() {
            @Override
            public void line(ExecRequest.Stream stream, String line) {
                step.runner.events().on(new Event.HostOutput(host, task, stream == ExecRequest.Stream.STDERR, line));
            }

            @Override
            public void command(String command) {
                step.runner.events().on(new Event.HostCommand(host, task, command));
            }
        });
    }
}
