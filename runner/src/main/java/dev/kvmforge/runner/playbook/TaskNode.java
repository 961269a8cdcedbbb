package dev.kvmforge.runner.playbook;

import dev.kvmforge.runner.error.SourceLocation;

/** An entry of a task list: a {@link Task}, a {@link Block}, or an {@link Include} of a task file read at run time. */
public sealed interface TaskNode permits Task, Block, Include {

    String name();

    SourceLocation location();

    /** The keywords this entry shares with its children (when, tags, become...). */
    TaskOptions options();
}
