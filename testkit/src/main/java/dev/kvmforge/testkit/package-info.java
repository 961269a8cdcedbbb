/**
 * Throwaway hosts for tests.
 *
 * <ul>
 *   <li>{@link dev.kvmforge.testkit.LoopbackSshd} runs a real OpenSSH sshd on a loopback address of this machine
 *       with its own host keys, client keys and test user, so SSH code is tested against the server it meets in the
 *       field.</li>
 *   <li>{@link dev.kvmforge.testkit.DebianHost} is a fresh Debian 12 machine in a Docker container (Testcontainers):
 *       host networking, its sshd on its own {@code 127.0.40.N} address, a test user with key login and a sudo
 *       password, {@code /dev/kvm} and the capabilities libvirt needs to run KVM guests inside.</li>
 *   <li>{@link dev.kvmforge.testkit.ThrowawayHost @ThrowawayHost} ({@link dev.kvmforge.testkit.DebianHostExtension})
 *       hands a started DebianHost to a test and removes it afterwards.</li>
 *   <li>{@link dev.kvmforge.testkit.PrepareDocker} runs the bundled {@code prepare-docker.sh} (as root): Debian's
 *       docker.io and mmdebstrap, a dockerd without bridge, and the locally built image
 *       {@code kvmforge/debian-sshd:bookworm}; no registry is needed.</li>
 * </ul>
 *
 * <p>A user testing a playbook against a fresh host, through the runner's Java API:
 *
 * <pre>{@code
 * @Test
 * void provisionsAKvmHost(@ThrowawayHost DebianHost host) {
 *     RunResult result = PlaybookRun.of(Path.of("kvm-host.yml"))
 *             .withInventory(Inventory.parse(host.inventoryLine("h1"), "inv"))
 *             .withOptions(RunOptions.defaults().withKnownHosts(host.knownHostsFile(), HostKeyPolicy.STRICT))
 *             .run();
 *     assertEquals(RunResult.OK, result.exitCode());
 * }
 * }</pre>
 *
 * <p>Testcontainers 2.0.5 reads {@code TESTCONTAINERS_RYUK_DISABLED} and {@code TESTCONTAINERS_HOST_OVERRIDE} only
 * from the environment. Without a registry set {@code TESTCONTAINERS_RYUK_DISABLED=true},
 * {@code TESTCONTAINERS_HOST_OVERRIDE=localhost} and {@code TESTCONTAINERS_CHECKS_DISABLE=true} for the test JVM
 * (kvmforge's parent pom does, in Surefire's {@code environmentVariables}); DebianHost fails saying which is missing.
 *
 * <p>Depends only on the JUnit API, Testcontainers and the JDK; never on kvmforge's runner, so users can test their
 * playbooks with it too.
 */
package dev.kvmforge.testkit;
