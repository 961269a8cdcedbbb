package dev.kvmforge.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test a started {@link DebianHost} and removes it afterwards. Put it on a {@code DebianHost} parameter of a
 * test method (a host for that test), of a {@code @BeforeAll} method or of the test class's constructor (one host for
 * the class); or on the test class, which then resolves every {@code DebianHost} parameter with the defaults.
 *
 * <pre>{@code
 * class KvmHostPlaybookTest {
 *
 *     @Test
 *     void provisionsAFreshDebianHost(@ThrowawayHost DebianHost host) {
 *         RunResult result = PlaybookRun.of(Path.of("playbooks/kvm-host.yml"))
 *                 .withInventory(Inventory.parse(host.inventoryLine("h1"), "inv"))
 *                 .withOptions(RunOptions.defaults().withKnownHosts(host.knownHostsFile(), HostKeyPolicy.STRICT))
 *                 .run();
 *         assertEquals(RunResult.OK, result.exitCode());
 *     }
 * }
 * }</pre>
 *
 * <p>The attributes configure the host as the {@code withX} methods of {@link DebianHost} do. The machine must have
 * been prepared by {@code prepare-docker.sh} ({@link PrepareDocker}), or the test fails saying so.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(DebianHostExtension.class)
public @interface ThrowawayHost {

    /** The image; see {@link DebianHost#withImage(String)}. */
    String image() default DebianHost.DEFAULT_IMAGE;

    /** The loopback address sshd listens on; empty: one chosen in 127.0.40.0/24. */
    String address() default "";

    /** Whether to pass the machine's {@code /dev/kvm} in when it has one. */
    boolean kvm() default true;

    /** The capabilities added to Docker's default set; see {@link DebianHost#withCapabilities(String...)}. */
    String[] capabilities() default {"SYS_ADMIN", "SYS_PTRACE"};
}
