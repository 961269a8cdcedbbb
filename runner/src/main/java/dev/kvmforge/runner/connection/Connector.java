package dev.kvmforge.runner.connection;

/** Opens connections; one per host for the whole run. Closing the connector closes what it opened. */
public interface Connector extends AutoCloseable {

    /** Opens a connection to {@code hostName} as {@code spec} says; unreachable hosts throw {@link UnreachableException}. */
    Connection open(String hostName, ConnectionSpec spec);

    @Override
    void close();
}
