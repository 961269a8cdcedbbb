package dev.kvmforge.runner.execute;

import java.util.List;

/**
 * Every stage a task's run goes through, in order: the one place a task keyword family is registered, as JUnit lists
 * its built-in extensions. To add a keyword: write a {@link TaskStage} and put it here.
 */
final class TaskStages {

    /** The stages, in the order their phases run (each phase walks the list from the top). */
    static final List<TaskStage> ALL = List.of(
            new WhenCondition(),
            new CheckMode(),
            new BecomeAndEnvironment(),
            new CommandTimeout(),
            new CommandEcho(),
            new Retries(),
            new InventoryChanges(),
            new ChangedAndFailedWhen(),
            new IgnoreErrors(),
            new Registration(),
            new Notification());

    private TaskStages() {
    }
}
