package dev.kvmforge.checks.annotated;

import dev.kvmforge.checks.model.Severity;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a host check of one's own, run on every inventory host like the built-in ones. The method takes
 * the runner's {@link dev.kvmforge.runner.host.Host} and either returns a {@link dev.kvmforge.checks.model.Verdict}
 * or returns nothing: returning normally is PASS, an {@link AssertionError} (JUnit's {@code assertEquals}, AssertJ...)
 * is FAIL with its message, an {@code org.opentest4j.TestAbortedException} (JUnit's {@code assumeTrue}) is SKIP, and
 * any other exception is ERROR.
 *
 * <pre>{@code
 * @HostCheckGroup(id = "site", title = "Site rules")
 * public class SiteChecks {
 *
 *     @HostCheck(id = "SITE-NTP", title = "Time is synchronised", severity = Severity.HIGH,
 *             hint = "apt-get install chrony", tags = "time")
 *     void timeIsSynchronised(Host host) {
 *         assertEquals("yes", host.check("timedatectl show -p NTPSynchronized --value").strip());
 *     }
 * }
 * }</pre>
 *
 * <p>The class needs a constructor without parameters (any visibility); each check on each host gets a new instance.
 * Unlike the built-in checks, which read one batched snapshot, each method runs its own commands through the host.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HostCheck {

    /** Stable id, upper-case words joined by {@code -}: {@code SITE-NTP}. */
    String id();

    /** One line saying what should be true. */
    String title();

    /** How much a failure matters. */
    Severity severity() default Severity.MEDIUM;

    /** Why it matters. */
    String rationale() default "";

    /** What to do when it fails. */
    String hint() default "";

    /** Words to select it by ({@code --tags}). */
    String[] tags() default {};

    /** Documentation links. */
    String[] references() default {};
}
