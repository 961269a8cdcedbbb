package dev.kvmforge.runner.connection;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a host's inventory variables map to a {@link ConnectionSpec}, the one place for it (the playbook executor and
 * the checks engine both use it): {@code ansible_connection} ({@code local}, {@code ssh}; none: local for an implicit
 * {@code localhost}, else ssh), {@code ansible_host}, {@code ansible_port}, {@code ansible_user},
 * {@code ansible_ssh_private_key_file}, {@code ansible_password}/{@code ansible_ssh_pass},
 * {@code ansible_ssh_private_key_passphrase} and {@code ansible_ssh_timeout}/{@code ansible_timeout}. Values given by
 * the run ({@link Overrides}) win over the variables, except the timeout: as in Ansible, a host's timeout variable
 * wins over the run's {@code --timeout}.
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
     * @param timeout       the connection timeout ({@code -T/--timeout}) for hosts without a timeout variable, or
     *                      null for {@link ConnectionSpec#DEFAULT_CONNECT_TIMEOUT}
     */
    public record Overrides(String connection, String user, Path privateKey, Path knownHosts,
                            HostKeyPolicy hostKeyPolicy, Duration timeout, Controller controller) {

        public Overrides {
            controller = controller == null ? Controller.thisProcess() : controller;
        }

        /** Nothing overridden: the inventory decides, host keys are checked strictly. */
        public static Overrides none() {
            return new Overrides(null, null, null, null, null, null, null);
        }
    }

    /** The host variables that set the connection timeout, the first one set wins (Ansible's order). */
    public static final List<String> TIMEOUT_VARS = List.of("ansible_ssh_timeout", "ansible_timeout");

    /**
     * The spec to reach {@code hostName} with these merged variables.
     *
     * @throws KvmforgeException an {@code OPTIONS} error for an unknown {@code ansible_connection}, a bad port or a
     *                           timeout that is not a positive whole number of seconds
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
        Duration timeout = timeout(hostName, vars, overrides.timeout());
        return new ConnectionSpec("ssh", address != null ? address : hostName, port, user,
                key == null ? List.of() : List.of(overrides.controller().resolve(key)), Secret.of(password), Secret.of(passphrase),
                overrides.knownHosts(), overrides.hostKeyPolicy(), timeout, authTimeout(timeout), null, null);
    }

    /**
     * The connection timeout: the host's {@code ansible_ssh_timeout} or {@code ansible_timeout}, else the run's, else
     * null (the default).
     */
    private static Duration timeout(String hostName, Map<String, ?> vars, Duration run) {
        for (String name : TIMEOUT_VARS) {
            String value = string(vars, name);
            if (value != null) {
                long seconds = positiveSeconds(value);
                if (seconds <= 0) {
                    throw new KvmforgeException(ErrorKind.OPTIONS, name + " '" + value
                            + "' is not a positive whole number of seconds", hostName,
                            "write e.g. " + name + "=30, or leave it out for the default of "
                                    + ConnectionSpec.DEFAULT_CONNECT_TIMEOUT.toSeconds());
                }
                return Duration.ofSeconds(seconds);
            }
        }
        return run;
    }

    /** The whole number of seconds {@code value} says, or 0 when it is not a positive whole number. */
    private static long positiveSeconds(String value) {
        String v = value.strip();
        if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 0;
        }
        return Long.parseLong(v);
    }

    /** Login gets the default auth time, or as long as the connection timeout when that is longer. */
    private static Duration authTimeout(Duration timeout) {
        return timeout == null || timeout.compareTo(ConnectionSpec.DEFAULT_AUTH_TIMEOUT) < 0 ? null : timeout;
    }

    private static String string(Map<String, ?> vars, String key) {
        Object v = vars.get(key);
        return v == null ? null : String.valueOf(v);
    }
}
