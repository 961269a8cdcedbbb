package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.connection.Connection;
import dev.kvmforge.runner.connection.RemoteProcess;
import dev.kvmforge.runner.connection.UnreachableException;

/**
 * The connection of a host not reached yet, given to a module that {@linkplain
 * dev.kvmforge.runner.modules.Module#reachesHostItself reaches it itself}: every command says the host is unreachable
 * until the module reconnects.
 */
final class NotConnected implements Connection {

    private final String host;
    private final UnreachableException why;

    NotConnected(String host, UnreachableException why) {
        this.host = host;
        this.why = why;
    }

    @Override
    public RemoteProcess start(String command, boolean interactive) {
        throw why;
    }

    @Override
    public String describe() {
        return host + " (not connected: " + why.what() + ")";
    }

    @Override
    public boolean isRoot() {
        return false;
    }

    @Override
    public void close() {
    }
}
