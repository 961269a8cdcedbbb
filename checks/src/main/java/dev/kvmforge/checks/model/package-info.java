/**
 * What a check is and what it can say: {@link dev.kvmforge.checks.model.Check} (an id, title, group, severity,
 * rationale, hint, references and tags, the probes it reads and its evaluation), the five
 * {@link dev.kvmforge.checks.model.Outcome}s, the {@link dev.kvmforge.checks.model.Verdict} an evaluation returns and
 * the {@link dev.kvmforge.checks.model.CheckResult} a run reports for one host.
 *
 * <p>Imports {@code probe} (a check names the probes it reads) and nothing of JUnit, the engine or the runner's
 * executor.
 */
package dev.kvmforge.checks.model;
