package dev.kvmforge.runner.connection;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to reach one host, from its inventory variables and the command line.
 *
 * @param type           {@code local} or {@code ssh}
 * @param address        host name or IP to connect to ({@code ansible_host}, else the inventory name)
 * @param port           SSH port, 0 for the default (22 or ~/.ssh/config's)
 * @param user           login user, or null for ~/.ssh/config's or the current user
 * @param identityFiles  private key files to offer, in order (none: ~/.ssh/config's and the defaults)
 * @param password       login password, or null
 * @param keyPassphrase  passphrase for encrypted private keys, or null
 * @param knownHosts     the known_hosts file (null: ~/.ssh/known_hosts)
 * @param hostKeyPolicy  what to do with an unknown host key
 * @param connectTimeout time allowed to open the TCP connection and exchange keys ({@code -T/--timeout},
 *                       {@code ansible_ssh_timeout}); null: 10 s, Ansible's default
 * @param authTimeout    time allowed to log in; null: 15 s
 * @param keepalive      interval of keepalive messages (zero: none)
 * @param sshConfig      the OpenSSH client config to read (null: ~/.ssh/config)
 */
public record ConnectionSpec(String type, String address, int port, String user, List<Path> identityFiles,
                             Secret password, Secret keyPassphrase, Path knownHosts, HostKeyPolicy hostKeyPolicy,
                             Duration connectTimeout, Duration authTimeout, Duration keepalive, Path sshConfig) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(30);

    public ConnectionSpec {
        identityFiles = identityFiles == null ? List.of() : List.copyOf(identityFiles);
        hostKeyPolicy = hostKeyPolicy == null ? HostKeyPolicy.STRICT : hostKeyPolicy;
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        authTimeout = authTimeout == null ? DEFAULT_AUTH_TIMEOUT : authTimeout;
        keepalive = keepalive == null ? DEFAULT_KEEPALIVE : keepalive;
    }

    public static ConnectionSpec local() {
        return new ConnectionSpec("local", "localhost", 0, null, null, null, null, null, null, null, null, null, null);
    }

    public boolean isLocal() {
        return "local".equals(type);
    }
}
