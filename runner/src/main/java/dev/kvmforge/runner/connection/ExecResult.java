package dev.kvmforge.runner.connection;

import java.time.Duration;

/** What a command did: exit status, stdout and stderr (apart), and how long it took. */
public record ExecResult(int exitStatus, String stdout, String stderr, Duration duration) {

    public boolean ok() {
        return exitStatus == 0;
    }
}
