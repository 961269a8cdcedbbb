package dev.kvmforge.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.shell.ProcessShellFactory;

/**
 * A throwaway SSH server on 127.0.0.1 for {@link TrainCommand}: the client's SSH classes are loaded the way a real
 * login loads them (key exchange, a key file in OpenSSH format, host key check, exec channels) without needing a host.
 * It accepts only the key it wrote itself and runs each command as {@code /bin/sh -c COMMAND}, as the current user.
 */
final class TrainingHost implements AutoCloseable {

    private final SshServer server;
    private final Path keyFile;

    private TrainingHost(SshServer server, Path keyFile) {
        this.server = server;
        this.keyFile = keyFile;
    }

    /** Starts the server on a free loopback port; the login key is written to {@code dir}. */
    static TrainingHost start(Path dir) throws IOException, GeneralSecurityException {
        KeyPair login = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        Path keyFile = dir.resolve("id_ed25519");
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(keyFile)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(login, "kvmforge training", null, out);
        }
        PublicKey accepted = login.getPublic();
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256)));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(accepted, key));
        server.setCommandFactory((channel, command) ->
                new ProcessShellFactory(command, "/bin/sh", "-c", command).createShell(channel));
        server.start();
        return new TrainingHost(server, keyFile);
    }

    /** An inventory line that logs in to this server as the current user with the key it accepts. */
    String inventoryLine(String name) {
        int port = ((InetSocketAddress) server.getBoundAddresses().iterator().next()).getPort();
        return name + " ansible_host=127.0.0.1 ansible_port=" + port + " ansible_user="
                + System.getProperty("user.name") + " ansible_ssh_private_key_file=" + keyFile;
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
