package dev.kvmforge.runner.error;

/** What sort of error it is; decides the exit code, as ansible-playbook's. */
public enum ErrorKind {
    /** A playbook, inventory or variable file that cannot be read or understood. Exit code 4. */
    PARSE(4),
    /** A command-line option or a parameter that makes no sense. Exit code 5. */
    OPTIONS(5),
    /** A host that cannot be reached or logged into. Exit code 3. */
    UNREACHABLE(3),
    /** A task that failed on a host. Exit code 2. */
    TASK(2),
    /** Anything else the run cannot go on from. Exit code 1. */
    GENERAL(1);

    private final int exitCode;

    ErrorKind(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
