package dev.kvmforge.runner.playbook;

import dev.kvmforge.runner.error.SourceLocation;

/** An entry of a task list: a {@link Task} or a {@link Block}. */
public sealed interface TaskNode permits Task, Block {

    String name();

    SourceLocation location();

    /** The keywords this entry shares with its children (when, tags, become...). */
    TaskOptions options();
}
