package dev.kvmforge.cli;

/** A command that takes {@code -v}: error reports show a stack trace from {@code -vvvv}. */
interface Verbose {

    /** Level at which errors show their stack trace. */
    int STACK_TRACES = 4;

    /** The count of {@code -v}. */
    int verbosity();
}
