/**
 * Host verification checks: does a machine do what a KVM host must, and is it not open where it should be closed?
 *
 * <p>The doors: {@link dev.kvmforge.checks.VerificationRun}, the Java API (used by the CLI and the Maven plugin), and
 * the JUnit Platform engine {@code kvmforge-checks} itself, reached from Surefire or an IDE through the marker class
 * {@link dev.kvmforge.checks.HostChecks}. Sub-packages: {@code model} (what a check is), {@code probe} (reading a host
 * in one command), {@code conf} (libvirt's configuration format), {@code catalogue} (the built-in checks) and
 * {@code engine} (the TestEngine).
 *
 * <p>This package imports the sub-packages, the runner's {@code inventory} and the JUnit Platform launcher.
 */
package dev.kvmforge.checks;
