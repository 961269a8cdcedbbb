package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.connection.ConnectionSpec;
import dev.kvmforge.runner.connection.ConnectionVars;
import java.util.Map;

/** The run's options and a play's {@code connection:}/{@code remote_user:} as {@link ConnectionVars} overrides. */
final class ConnectionSpecs {

    private ConnectionSpecs() {
    }

    static ConnectionSpec of(String hostName, Map<String, Object> vars, RunOptions options, String playConnection,
                             String playUser) {
        String user = options.remoteUser() != null ? options.remoteUser() : playUser;
        return ConnectionVars.spec(hostName, vars, new ConnectionVars.Overrides(playConnection, user,
                options.privateKey(), options.knownHosts(), options.hostKeyPolicy()));
    }
}
