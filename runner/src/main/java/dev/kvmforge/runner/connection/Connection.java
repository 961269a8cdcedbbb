package dev.kvmforge.runner.connection;

/**
 * A way to run shell commands on one machine. Implementations: {@link LocalConnection} and the SSH one.
 *
 * <p>A connection is opened once per host for the whole run; {@link #start(String)} may be called from several
 * threads at once.
 */
public interface Connection extends AutoCloseable {

    /** Starts {@code command} with {@code /bin/sh -c} semantics on the machine. */
    RemoteProcess start(String command);

    /** What this connection reaches, for messages: {@code local}, {@code ssh://user@host:port}. */
    String describe();

    /** Whether the login user on the other end is root (decides if become needs sudo at all). */
    boolean isRoot();

    @Override
    void close();
}
