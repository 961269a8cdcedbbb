package dev.kvmforge.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** OpenSSH's own client against a {@link DebianHost}, with strict host key checking against its known_hosts. */
final class Ssh {

    record Result(int status, String output) {
    }

    private Ssh() {
    }

    static Result run(DebianHost host, String command) throws IOException, InterruptedException {
        return run(host, command, null, 60);
    }

    /** Runs {@code command} as the test user; {@code stdin} (may be null) is written to it. */
    static Result run(DebianHost host, String command, String stdin, int timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> argv = List.of("ssh", "-F", "/dev/null", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + host.knownHostsFile(),
                "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=10", "-i", host.privateKey().toString(),
                "-p", String.valueOf(host.port()), host.user() + "@" + host.host(), command);
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("ssh " + command + " did not finish within " + timeoutSeconds + "s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Runs {@code command} as root through {@code sudo -S} with the user's password on stdin. */
    static Result sudo(DebianHost host, String command, int timeoutSeconds) throws IOException, InterruptedException {
        return run(host, "sudo -S -p '' sh -c " + quote(command), host.password() + "\n", timeoutSeconds);
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The ids of all containers, running or not ({@code docker ps -a}). */
    static List<String> allContainerIds() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("docker", "ps", "-a", "--no-trunc", "-q").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("docker ps failed: " + out);
        }
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
