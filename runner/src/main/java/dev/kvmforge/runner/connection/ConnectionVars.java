package dev.kvmforge.runner.connection;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How a host's inventory variables map to a {@link ConnectionSpec}, the one place for it (the playbook executor and
 * the checks engine both use it): {@code ansible_connection} ({@code local}, {@code ssh}; none: local for an implicit
 * {@code localhost}, else ssh), {@code ansible_host}, {@code ansible_port}, {@code ansible_user},
 * {@code ansible_ssh_private_key_file}, {@code ansible_password}/{@code ansible_ssh_pass} and
 * {@code ansible_ssh_private_key_passphrase}. Values given by the run ({@link Overrides}) win over the variables.
 */
public final class ConnectionVars {

    /** The implicit local host's name (the inventory's {@code Inventory.LOCALHOST}; connection may not import it). */
    private static final String LOCALHOST = "localhost";

    private ConnectionVars() {
    }

    /**
     * What the run says over the inventory: each value, when not null, wins over the host's variables.
     *
     * @param connection    {@code local} or {@code ssh} (a play's {@code connection:}), or null
     * @param user          login user ({@code -u}, a play's {@code remote_user:}), or null
     * @param privateKey    private key file ({@code --private-key}), or null
     * @param knownHosts    known_hosts file, or null for ~/.ssh/known_hosts
     * @param hostKeyPolicy strict (null too), accept-new or off
     */
    public record Overrides(String connection, String user, Path privateKey, Path knownHosts,
                            HostKeyPolicy hostKeyPolicy) {

        /** Nothing overridden: the inventory decides, host keys are checked strictly. */
        public static Overrides none() {
            return new Overrides(null, null, null, null, null);
        }
    }

    /**
     * The spec to reach {@code hostName} with these merged variables.
     *
     * @throws KvmforgeException an {@code OPTIONS} error for an unknown {@code ansible_connection} or a bad port
     */
    public static ConnectionSpec spec(String hostName, Map<String, ?> vars, Overrides overrides) {
        String type = overrides.connection() != null ? overrides.connection() : string(vars, "ansible_connection");
        if (type == null) {
            boolean implicitLocal = LOCALHOST.equals(hostName) && !vars.containsKey("ansible_host");
            type = implicitLocal ? "local" : "ssh";
        }
        if (type.equals("local")) {
            return ConnectionSpec.local();
        }
        if (!type.equals("ssh") && !type.equals("paramiko") && !type.equals("smart")) {
            throw new KvmforgeException(ErrorKind.OPTIONS, "unknown ansible_connection '" + type + "'", hostName,
                    "use local or ssh");
        }
        String address = string(vars, "ansible_host");
        int port = 0;
        String p = string(vars, "ansible_port");
        if (p != null) {
            try {
                port = Integer.parseInt(p.strip());
            } catch (NumberFormatException e) {
                throw new KvmforgeException(ErrorKind.OPTIONS, "ansible_port '" + p + "' is not a port number",
                        hostName, null);
            }
        }
        String user = overrides.user() != null ? overrides.user() : string(vars, "ansible_user");
        String key = overrides.privateKey() != null ? overrides.privateKey().toString()
                : string(vars, "ansible_ssh_private_key_file");
        String password = string(vars, "ansible_password");
        if (password == null) {
            password = string(vars, "ansible_ssh_pass");
        }
        String passphrase = string(vars, "ansible_ssh_private_key_passphrase");
        return new ConnectionSpec("ssh", address != null ? address : hostName, port, user,
                key == null ? List.of() : List.of(Path.of(expandHome(key))), Secret.of(password), Secret.of(passphrase),
                overrides.knownHosts(), overrides.hostKeyPolicy(), null, null, null, null);
    }

    private static String expandHome(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }

    private static String string(Map<String, ?> vars, String key) {
        Object v = vars.get(key);
        return v == null ? null : String.valueOf(v);
    }
}
