/**
 * The JUnit Platform {@code TestEngine} {@value dev.kvmforge.checks.engine.HostChecksEngine#ENGINE_ID}: inventory hosts
 * times checks as a tree engine &gt; host &gt; group &gt; check, selected by the marker class
 * {@code dev.kvmforge.checks.HostChecks}, by {@link dev.kvmforge.checks.engine.HostSelector} and
 * {@link dev.kvmforge.checks.engine.CheckSelector}, or by unique id, and configured by the
 * {@link dev.kvmforge.checks.engine.CheckParameters}.
 *
 * <p>Execution: hosts in parallel (at most {@code kvmforge.forks}), one connection per host, the probes of all its
 * checks in one command, then each check evaluated on that snapshot. Outcomes map to JUnit as: PASS successful, FAIL
 * failed with a {@link dev.kvmforge.checks.engine.CheckFailure} (an {@link AssertionError}: reports say failure),
 * ERROR failed with a {@link dev.kvmforge.checks.engine.CheckError} (reports say error), WARN successful, SKIP
 * skipped with the reason; every executed check publishes a report entry ({@link
 * dev.kvmforge.checks.engine.CheckReportEntry}) with its id, severity, outcome, message and hint.
 *
 * <p>Imports {@code model}, {@code probe}, {@code catalogue}, the runner's {@code inventory}, {@code connection},
 * {@code host} and {@code error}, and the JUnit Platform engine API; never the launcher or a door.
 */
package dev.kvmforge.checks.engine;
