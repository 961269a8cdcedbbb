package dev.kvmforge.runner.connection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.io.resource.PathResource;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The private keys offered to a server, and a note of each for the "tried:" part of an authentication failure.
 *
 * <p>Keys named in the {@link ConnectionSpec} must load: a missing or unreadable file, a missing or wrong
 * passphrase, or a file that holds no private key is an {@link UnreachableException} naming the file (never the
 * passphrase). Without such keys, the config's {@code IdentityFile}s and then {@code ~/.ssh/id_ed25519},
 * {@code id_ecdsa}, {@code id_rsa} are offered; those that are absent or cannot be opened are passed over.
 *
 * @param keys    the key pairs, in the order to offer them
 * @param offered one note per key file, such as {@code publickey /root/.ssh/id_ed25519}
 */
record LoginKeys(List<KeyPair> keys, List<String> offered) {

    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    /**
     * Key files already read, by path, content and passphrase: a fleet that logs in with one key parses (and
     * decrypts) it once, and a file changed on disk is read anew. Emptied when a connector closes ({@link #forget}),
     * so decrypted keys do not outlive the runs that use them in a long-lived JVM (the Maven plugin's).
     */
    private static final Map<KeyFile, List<KeyPair>> LOADED = new ConcurrentHashMap<>();

    private record KeyFile(Path file, ByteBuffer content, Secret passphrase) {
    }

    LoginKeys {
        keys = List.copyOf(keys);
        offered = List.copyOf(offered);
    }

    /** The keys for {@code destination}; {@code hostName} is where errors are reported. */
    static LoginKeys load(ConnectionSpec spec, SshDestination destination, String hostName) {
        List<KeyPair> keys = new ArrayList<>();
        List<String> offered = new ArrayList<>();
        if (!spec.identityFiles().isEmpty()) {
            for (Path file : spec.identityFiles()) {
                keys.addAll(loadRequired(file, spec.keyPassphrase(), hostName));
                offered.add("publickey " + file);
            }
            return new LoginKeys(keys, offered);
        }
        List<Path> candidates = new ArrayList<>(destination.configIdentities());
        if (!destination.identitiesOnly()) {
            Path home = Path.of(System.getProperty("user.home"), ".ssh");
            DEFAULT_KEYS.stream().map(home::resolve).filter(p -> !candidates.contains(p)).forEach(candidates::add);
        }
        for (Path file : candidates) {
            if (!Files.exists(file)) {
                continue;
            }
            try {
                keys.addAll(loadRequired(file, spec.keyPassphrase(), hostName));
                offered.add("publickey " + file);
            } catch (UnreachableException e) {
                offered.add("publickey " + file + " (not usable: " + e.what() + ")");
            }
        }
        return new LoginKeys(keys, offered);
    }

    /** Drops the keys read so far (a run that starts later reads its key files again). */
    static void forget() {
        LOADED.clear();
    }

    /** Reads the key pairs of one private key file, or throws naming the file. */
    static List<KeyPair> loadRequired(Path file, Secret passphrase, String hostName) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw problem("private key file " + file + " does not exist", hostName,
                    "check the path given as the identity file (ansible_ssh_private_key_file / IdentityFile)", null);
        } catch (AccessDeniedException e) {
            throw problem("cannot read private key file " + file + ": permission denied", hostName,
                    "run as a user that may read it, or fix its owner", null);
        } catch (IOException e) {
            throw problem("cannot read private key file " + file + ": " + e.getMessage(), hostName, null, null);
        }
        return LOADED.computeIfAbsent(new KeyFile(file, ByteBuffer.wrap(content), passphrase),
                k -> parse(file, content, passphrase, hostName));
    }

    private static List<KeyPair> parse(Path file, byte[] content, Secret passphrase, String hostName) {
        AtomicBoolean asked = new AtomicBoolean();
        FilePasswordProvider provider = (session, resource, retry) -> {
            asked.set(true);
            return passphrase == null ? null : passphrase.reveal();
        };
        NamedResource resource = new PathResource(file);
        try (InputStream in = new java.io.ByteArrayInputStream(content)) {
            Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, resource, in, provider);
            List<KeyPair> pairs = new ArrayList<>();
            if (loaded != null) {
                loaded.forEach(pairs::add);
            }
            if (pairs.isEmpty()) {
                throw problem("private key file " + file + " holds no private key", hostName,
                        "give the private key, not the .pub file", null);
            }
            return List.copyOf(pairs);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof UnreachableException u) {
                throw u;
            }
            if (asked.get() && passphrase == null) {
                throw problem("private key " + file + " is protected by a passphrase, and none was given", hostName,
                        "give the key's passphrase, or use a key without one", null);
            }
            if (asked.get()) {
                throw problem("wrong passphrase for private key " + file, hostName,
                        "check the passphrase given for this key", null);
            }
            throw problem("cannot use private key file " + file + ": " + e.getMessage(), hostName,
                    "kvmforge reads OpenSSH, PEM and PKCS#8 private keys (ed25519, ECDSA, RSA)", e);
        }
    }

    private static UnreachableException problem(String what, String hostName, String hint, Throwable cause) {
        return new UnreachableException(what, hostName, hint, cause);
    }
}
