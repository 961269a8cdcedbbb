/**
 * Waivers: accepted failures with a justification and a last day ({@link dev.kvmforge.checks.waiver.Waivers}),
 * read from YAML with file:line:column errors, applied by the engine to each FAIL before it is reported.
 *
 * <p>Imports {@code model}, {@code spec} (its {@code MappingReader}) and the runner's {@code yaml}, {@code error} and
 * {@code inventory} (host patterns); nothing of JUnit.
 */
package dev.kvmforge.checks.waiver;
