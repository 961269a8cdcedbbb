package dev.kvmforge.checks.annotated;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The group a class's {@link HostCheck}s are reported under ({@code HOST.GROUP} in XML reports). Without it the group
 * is the class's simple name in lower case words joined by {@code -} ({@code SiteChecks}: {@code site-checks}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface HostCheckGroup {

    /** Lower-case letters, digits, {@code -} and {@code _}: {@code site}. */
    String id();

    /** What reports show; default: the id. */
    String title() default "";
}
