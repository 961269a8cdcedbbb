package dev.kvmforge.runner.connection;

import dev.kvmforge.testkit.LoopbackSshd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link ConnectionSpec} under construction, for the SSH tests. */
record TestSpec(String address, int port, String user, List<Path> keys, Secret password, Secret passphrase,
                Path knownHosts, HostKeyPolicy policy, Duration connectTimeout, Duration keepalive, Path sshConfig) {

    /** Key-less, password-less spec for {@code sshd}'s user, checked strictly against {@code knownHosts}. */
    static TestSpec to(LoopbackSshd sshd, Path knownHosts) {
        return new TestSpec(sshd.host(), sshd.port(), sshd.user(), List.of(), null, null, knownHosts,
                HostKeyPolicy.STRICT, Duration.ofSeconds(10), Duration.ofSeconds(30), null);
    }

    static TestSpec to(String address, int port, String user, Path knownHosts) {
        return new TestSpec(address, port, user, List.of(), null, null, knownHosts, HostKeyPolicy.STRICT,
                Duration.ofSeconds(10), Duration.ofSeconds(30), null);
    }

    TestSpec key(Path file) {
        List<Path> all = new ArrayList<>(keys);
        all.add(file);
        return new TestSpec(address, port, user, all, password, passphrase, knownHosts, policy, connectTimeout,
                keepalive, sshConfig);
    }

    TestSpec password(String value) {
        return new TestSpec(address, port, user, keys, Secret.of(value), passphrase, knownHosts, policy,
                connectTimeout, keepalive, sshConfig);
    }

    TestSpec passphrase(String value) {
        return new TestSpec(address, port, user, keys, password, Secret.of(value), knownHosts, policy,
                connectTimeout, keepalive, sshConfig);
    }

    TestSpec knownHosts(Path value) {
        return new TestSpec(address, port, user, keys, password, passphrase, value, policy, connectTimeout,
                keepalive, sshConfig);
    }

    TestSpec policy(HostKeyPolicy value) {
        return new TestSpec(address, port, user, keys, password, passphrase, knownHosts, value, connectTimeout,
                keepalive, sshConfig);
    }

    TestSpec user(String value) {
        return new TestSpec(address, port, value, keys, password, passphrase, knownHosts, policy, connectTimeout,
                keepalive, sshConfig);
    }

    TestSpec port(int value) {
        return new TestSpec(address, value, user, keys, password, passphrase, knownHosts, policy, connectTimeout,
                keepalive, sshConfig);
    }

    TestSpec connectTimeout(Duration value) {
        return new TestSpec(address, port, user, keys, password, passphrase, knownHosts, policy, value, keepalive,
                sshConfig);
    }

    TestSpec keepalive(Duration value) {
        return new TestSpec(address, port, user, keys, password, passphrase, knownHosts, policy, connectTimeout,
                value, sshConfig);
    }

    TestSpec sshConfig(Path value) {
        return new TestSpec(address, port, user, keys, password, passphrase, knownHosts, policy, connectTimeout,
                keepalive, value);
    }

    ConnectionSpec build() {
        return new ConnectionSpec("ssh", address, port, user, keys, password, passphrase, knownHosts, policy,
                connectTimeout, Duration.ofSeconds(15), keepalive, sshConfig);
    }

    /** Everything a failure could show anyone: messages, causes and stack traces. */
    static String fullText(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return t + "\n" + out;
    }
}
