/**
 * Host verification checks: does a machine do what a KVM host must, and is it not open where it should be closed?
 *
 * <p>The doors: {@link dev.kvmforge.checks.VerificationRun}, the Java API (used by the CLI and the Maven plugin), and
 * the JUnit Platform engine {@code kvmforge-checks} itself, reached from Surefire or an IDE through the marker class
 * {@link dev.kvmforge.checks.HostChecks} or a class of users' {@code @HostCheck} methods. What a run found is a
 * {@link dev.kvmforge.checks.VerificationResult} of {@link dev.kvmforge.checks.HostReport}s, gathered from the
 * engine's events by a {@link dev.kvmforge.checks.ResultCollector}, which the reports extend.
 *
 * <p>Sub-packages: {@code model} (what a check is), {@code probe} (reading a host in one command), {@code conf}
 * (libvirt's configuration format), {@code catalogue} (the built-in checks and where a run's checks come from),
 * {@code spec} (YAML check specs), {@code annotated} (users' Java checks), {@code waiver} (accepted failures),
 * {@code engine} (the TestEngine) and {@code report} (console, JUnit XML, JSON, Prometheus).
 *
 * <p>This package imports {@code model}, {@code engine}, the runner's {@code inventory}, {@code connection} and
 * {@code error}, and the JUnit Platform launcher; only {@code report} imports it.
 */
package dev.kvmforge.checks;
