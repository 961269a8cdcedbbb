package dev.kvmforge.runner.connection;

/** The connector a run uses unless told otherwise: local hosts by process, the rest over SSH. */
public final class StandardConnector implements Connector {

    private final LocalConnection local = new LocalConnection();

    @Override
    public Connection open(String hostName, ConnectionSpec spec) {
        if (spec.isLocal()) {
            return local;
        }
        throw new UnreachableException("SSH connections are not available in this build", hostName, null, null);
    }

    @Override
    public void close() {
        local.close();
    }
}
