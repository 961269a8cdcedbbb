package dev.kvmforge.runner.connection;

/** The connector a run uses unless told otherwise: local hosts by process, the rest over SSH. */
public final class StandardConnector implements Connector {

    private final LocalConnection local = new LocalConnection();
    private final SshConnector ssh = new SshConnector();

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
