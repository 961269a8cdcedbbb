package dev.kvmforge.runner.connection;

/** The connector a run uses unless told otherwise: local hosts by process, the rest over SSH. */
public final class StandardConnector implements Connector {

    private final LocalConnection local;
    private final SshConnector ssh;

    /** Local commands as this process starts them; a login per SSH host, logged out at the end. */
    public StandardConnector() {
        this(Controller.thisProcess(), null);
    }

    /**
     * Local commands in {@code controller}'s working directory and environment; SSH sessions taken from and given
     * back to {@code kept} (null: a login per host, logged out at the end).
     */
    public StandardConnector(Controller controller, KeptSessions kept) {
        this.local = new LocalConnection(controller);
        this.ssh = new SshConnector(kept);
    }

    @Override
    public Connection open(String hostName, ConnectionSpec spec) {
        return spec.isLocal() ? local : ssh.open(hostName, spec);
    }

    @Override
    public void close() {
        ssh.close();
        local.close();
    }
}
