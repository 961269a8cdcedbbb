/**
 * Users' Java checks: {@link dev.kvmforge.checks.annotated.HostCheck} on methods taking a
 * {@link dev.kvmforge.runner.host.Host}, {@link dev.kvmforge.checks.annotated.HostCheckGroup} on their class, turned
 * into {@link dev.kvmforge.checks.model.Check}s by {@link dev.kvmforge.checks.annotated.AnnotatedChecks}. The engine
 * finds such classes in class selectors and in the {@code kvmforge.checkClasses} parameter.
 *
 * <p>Imports {@code model}, {@code probe} (the snapshot hands over the live host), the runner's {@code host} and
 * {@code error}, and opentest4j (skips); nothing else of JUnit.
 */
package dev.kvmforge.checks.annotated;
