package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.error.SourceLocation;

/**
 * Which result line an outcome is: the host, the task's shown name, where the task is written, and the loop item's
 * label (null for the task as a whole).
 */
record ResultAt(String host, String task, SourceLocation location, String item) {

    /** The line of one loop item of the same task on the same host. */
    ResultAt item(String label) {
        return new ResultAt(host, task, location, label);
    }
}
