package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.connection.ExecRequest.Become;
import dev.kvmforge.runner.connection.Secret;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.playbook.Task;
import dev.kvmforge.runner.template.Templar;
import dev.kvmforge.runner.template.Truth;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code become}, {@code become_user} (with {@code -b}/{@code --become-user} and the {@code ansible_become*}
 * variables) and {@code environment}: who the task's commands run as, and with which variables set.
 */
final class BecomeAndEnvironment implements TaskStage {

    @Override
    public void prepare(TaskStep step) {
        // a delegated task becomes as the delegate's variables say (its ansible_become_password, not its host's)
        step.host = step.host.withBecome(become(step.runner, step.task, step.reachVars != null ? step.reachVars
                : step.vars))
                .withEnvironment(environment(step.runner.templar(), step.task, step.vars));
    }

    private static Become become(TaskRunner runner, Task task, Map<String, Object> vars) {
        RunOptions options = runner.options();
        Templar templar = runner.templar();
        boolean b = task.options().become() != null ? task.options().become()
                : options.become() || Truth.of(vars.get("ansible_become"));
        if (!b) {
            return null;
        }
        String user = task.options().becomeUser() != null ? task.options().becomeUser()
                : options.becomeUser() != null ? options.becomeUser()
                : vars.get("ansible_become_user") != null ? String.valueOf(vars.get("ansible_become_user")) : "root";
        Secret password = options.becomePassword();
        Object p = vars.get("ansible_become_password");
        if (p == null) {
            p = vars.get("ansible_become_pass");
        }
        if (password == null && p != null) {
            password = Secret.of(String.valueOf(templar.render(p, vars)));
        }
        return new Become(String.valueOf(templar.render(user, vars)), password);
    }

    private static Map<String, String> environment(Templar templar, Task task, Map<String, Object> vars) {
        if (task.options().environment().isEmpty()) {
            return Map.of();
        }
        Map<String, String> env = new LinkedHashMap<>();
        task.options().environment().forEach((k, v) -> {
            if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new KvmforgeException(ErrorKind.TASK, "'" + k + "' is not a valid environment variable name",
                        null, null);
            }
            env.put(k, String.valueOf(templar.render(v, vars)));
        });
        return env;
    }
}
