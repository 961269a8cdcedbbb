package dev.kvmforge.testkit;

import java.nio.file.Path;

/**
 * The read side every throwaway host of the testkit shares, as Testcontainers' {@code ContainerState} is shared by
 * its containers: where its sshd listens, who logs in and how, and the host key a strict client must expect. A
 * {@link LoopbackSshd} (an sshd on the machine itself) and a {@link DebianHost} (a container) are both one.
 */
public interface SshHost extends AutoCloseable {

    /** The loopback address sshd listens on. */
    String host();

    /** The port sshd listens on. */
    int port();

    /** The user that logs in. */
    String user();

    /** The user's password (for sudo, and for password logins where the host takes them). */
    String password();

    /** A private key without a passphrase (OpenSSH format) that logs in as {@link #user()}. */
    Path privateKey();

    /** The host's key as one known_hosts line, such as {@code [127.0.40.7]:40022 ssh-ed25519 AAAA...}. */
    String knownHostsLine();

    /** Whether the host is up. */
    boolean isRunning();

    /**
     * This host as one line of an Ansible INI inventory: {@code name ansible_host=... ansible_port=...
     * ansible_user=... ansible_ssh_private_key_file=... ansible_become_password=...}.
     */
    default String inventoryLine(String name) {
        if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("not an inventory host name: '" + name + "'");
        }
        return name + " ansible_host=" + host() + " ansible_port=" + port() + " ansible_user=" + user()
                + " ansible_ssh_private_key_file=" + privateKey() + " ansible_become_password=" + password();
    }

    /** Stops the host and removes what it made. */
    @Override
    void close();
}
