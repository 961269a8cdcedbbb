package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.connection.ConnectionSpec;
import dev.kvmforge.runner.connection.Secret;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.inventory.Inventory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Turns a host's variables ({@code ansible_host}, {@code ansible_port}...) and the run's options into a ConnectionSpec. */
final class ConnectionSpecs {

    private ConnectionSpecs() {
    }

    static ConnectionSpec of(String hostName, Map<String, Object> vars, RunOptions options, String playConnection,
                             String playUser) {
        String type = playConnection != null ? playConnection : string(vars, "ansible_connection");
        if (type == null) {
            boolean implicitLocal = Inventory.LOCALHOST.equals(hostName) && !vars.containsKey("ansible_host");
            type = implicitLocal ? "local" : "ssh";
        }
        if (type.equals("local")) {
            return ConnectionSpec.local();
        }
        if (!type.equals("ssh") && !type.equals("paramiko") && !type.equals("smart")) {
            throw new KvmforgeException(dev.kvmforge.runner.error.ErrorKind.OPTIONS,
                    "unknown ansible_connection '" + type + "'", hostName, "use local or ssh");
        }
        String address = string(vars, "ansible_host");
        int port = 0;
        String p = string(vars, "ansible_port");
        if (p != null) {
            try {
                port = Integer.parseInt(p.strip());
            } catch (NumberFormatException e) {
                throw new KvmforgeException(dev.kvmforge.runner.error.ErrorKind.OPTIONS,
                        "ansible_port '" + p + "' is not a port number", hostName, null);
            }
        }
        String user = options.remoteUser() != null ? options.remoteUser()
                : playUser != null ? playUser : string(vars, "ansible_user");
        String key = options.privateKey() != null ? options.privateKey().toString()
                : string(vars, "ansible_ssh_private_key_file");
        String password = string(vars, "ansible_password");
        if (password == null) {
            password = string(vars, "ansible_ssh_pass");
        }
        String passphrase = string(vars, "ansible_ssh_private_key_passphrase");
        return new ConnectionSpec("ssh", address != null ? address : hostName, port, user,
                key == null ? List.of() : List.of(Path.of(expandHome(key))), Secret.of(password), Secret.of(passphrase),
                options.knownHosts(), options.hostKeyPolicy(), null, null, null, null);
    }

    private static String expandHome(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }

    private static String string(Map<String, Object> vars, String key) {
        Object v = vars.get(key);
        return v == null ? null : String.valueOf(v);
    }
}
