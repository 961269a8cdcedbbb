package dev.kvmforge.runner.connection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.common.util.OsUtils;

/**
 * Where an SSH connection goes once the OpenSSH client config is applied ({@code HostName}, {@code Port},
 * {@code User}, {@code IdentityFile}, {@code IdentitiesOnly}, {@code ProxyJump}); values given in the
 * {@link ConnectionSpec} win over the config's.
 *
 * @param host             the address to connect to
 * @param port             the port to connect to
 * @param user             the login user
 * @param configIdentities {@code IdentityFile}s from the config, in order
 * @param identitiesOnly   {@code IdentitiesOnly yes}: offer no default keys
 * @param proxyJump        the {@code ProxyJump} hops, or null
 */
record SshDestination(String host, int port, String user, List<Path> configIdentities, boolean identitiesOnly,
                      String proxyJump) {

    static final int DEFAULT_PORT = 22;

    SshDestination {
        configIdentities = List.copyOf(configIdentities);
    }

    /** Applies {@code config} to {@code spec}'s address. */
    static SshDestination resolve(ConnectionSpec spec, HostConfigEntryResolver config) throws IOException {
        String user = blankToNull(spec.user());
        HostConfigEntry entry = config.resolveEffectiveHost(spec.address(), spec.port(), null, user, null, null);
        if (entry == null) {
            return new SshDestination(spec.address(), spec.port() > 0 ? spec.port() : DEFAULT_PORT,
                    user != null ? user : OsUtils.getCurrentUser(), List.of(), false, null);
        }
        List<Path> identities = new ArrayList<>();
        for (String id : entry.getIdentities()) {
            identities.add(Path.of(id));
        }
        String host = blankToNull(entry.getHostName());
        String login = blankToNull(entry.getUsername());
        return new SshDestination(host != null ? host : spec.address(),
                entry.getPort() > 0 ? entry.getPort() : DEFAULT_PORT,
                login != null ? login : OsUtils.getCurrentUser(),
                identities, entry.isIdentitiesOnly(), blankToNull(entry.getProxyJump()));
    }

    /** The entry handed to SSHD's connect: no identities, as the connector offers the keys itself. */
    HostConfigEntry toEntry() {
        return new HostConfigEntry(host, host, port, user, proxyJump);
    }

    /** {@code host:port}. */
    String address() {
        return host + ":" + port;
    }

    /** {@code user@host:port}, as messages show it. */
    @Override
    public String toString() {
        return user + "@" + address();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
