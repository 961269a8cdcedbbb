package dev.kvmforge.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Waits until something on a loopback address and port sends an SSH identification line. With host networking
 * there are no mapped ports for Testcontainers' own port checks; this one knows the address and fails early when
 * the container has exited.
 */
final class SshGreeting extends AbstractWaitStrategy {

    private final String address;
    private final int port;

    SshGreeting(String address, int port) {
        this.address = address;
        this.port = port;
    }

    @Override
    protected void waitUntilReady() {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!waitStrategyTarget.isRunning()) {
                throw new ContainerLaunchException("the container exited before sshd greeted on " + address + ":"
                        + port);
            }
            if (greets(address, port)) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerLaunchException("interrupted while waiting for sshd", e);
            }
        }
        throw new ContainerLaunchException("sshd did not greet on " + address + ":" + port + " within "
                + startupTimeout.toSeconds() + "s");
    }

    /** Whether something on address:port sends an SSH identification line. */
    static boolean greets(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 500);
            s.setSoTimeout(2000);
            byte[] banner = new byte[4];
            InputStream in = s.getInputStream();
            int n = in.readNBytes(banner, 0, banner.length);
            return n == banner.length && new String(banner, StandardCharsets.US_ASCII).equals("SSH-");
        } catch (IOException e) {
            return false;
        }
    }
}
