/**
 * The JUnit Platform {@code TestEngine} {@value dev.kvmforge.checks.engine.HostChecksEngine#ENGINE_ID}: inventory hosts
 * times checks as a tree engine &gt; host &gt; group &gt; check, selected by the marker class
 * {@code dev.kvmforge.checks.HostChecks}, by a class with {@code @HostCheck} methods, by
 * {@link dev.kvmforge.checks.engine.HostSelector} and {@link dev.kvmforge.checks.engine.CheckSelector}, or by unique
 * id, and configured by the {@link dev.kvmforge.checks.engine.CheckParameters}. A run's checks, selection and waivers
 * are its {@link dev.kvmforge.checks.engine.CheckPlan}, decided at discovery: a spec, class or waivers file that
 * cannot be read is a discovery error and nothing runs.
 *
 * <p>Execution: hosts in parallel (at most {@code kvmforge.forks}), one connection per host, the probes of all its
 * checks in one command, then each check evaluated on that snapshot and the waivers applied. Outcomes map to JUnit as:
 * PASS (a waived FAIL included) successful, FAIL failed with a {@link dev.kvmforge.checks.engine.CheckFailure} (an
 * {@link AssertionError}: reports say failure), ERROR failed with a {@link dev.kvmforge.checks.engine.CheckError}
 * (reports say error), WARN successful, SKIP skipped with the reason; a FAIL or ERROR below {@code kvmforge.failOn}
 * is successful. Every executed check publishes a report entry ({@link dev.kvmforge.checks.engine.CheckReportEntry})
 * with its id, title, group, severity, outcome, message, hint and whether it was waived. A host that cannot be
 * reached reports each of its checks as ERROR with the reason, and its container fails. A door that knows its hosts
 * before the platform starts may log in to them while the checks are discovered
 * ({@link dev.kvmforge.checks.engine.EarlyLogins}); the engine's connection to a host then takes that login.
 *
 * <p>Imports {@code model}, {@code probe}, {@code catalogue}, {@code annotated}, {@code waiver}, the runner's
 * {@code inventory}, {@code connection}, {@code host} and {@code error}, and the JUnit Platform engine API; never the
 * launcher or a door.
 */
package dev.kvmforge.checks.engine;
