/**
 * Reports of a verification run, each a JUnit Platform {@code TestExecutionListener} built on
 * {@link dev.kvmforge.checks.ResultCollector}: they are written from the engine's events, never by asking a host
 * again. {@link dev.kvmforge.checks.report.ConsoleReport} prints per host as hosts finish, then the summary line;
 * {@link dev.kvmforge.checks.report.JUnitXmlReport}, {@link dev.kvmforge.checks.report.JsonReport} and
 * {@link dev.kvmforge.checks.report.PrometheusReport} write a file when the run is over. They show what checks
 * found and how hosts were reached, never inventory variables, so no password reaches them.
 *
 * <p>Imports the root package (results), {@code model}, the runner's {@code report} (colours, console mode) and
 * {@code yaml} (the one JSON mapper).
 */
package dev.kvmforge.checks.report;
