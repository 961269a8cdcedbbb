/**
 * YAML check specs: checks written without Java ({@link dev.kvmforge.checks.spec.SpecFile}), each with an id, title,
 * severity, rationale, hint and tags like a built-in check, and one resource it tests: a file, package, service,
 * command, kernel parameter, port, process, user or group. Their probes join the host's one batched command like the
 * built-in ones. {@link dev.kvmforge.checks.spec.MappingReader} reads the YAML (the runner's located tree) so that
 * every mistake names its file:line:column and the nearest valid keys; the waivers file uses it too.
 *
 * <p>Imports {@code model}, {@code probe} and the runner's {@code yaml} and {@code error}; nothing of JUnit.
 */
package dev.kvmforge.checks.spec;
