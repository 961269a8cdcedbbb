/**
 * Reporters: turn the event stream of a run into what people and tools read. {@link
 * dev.kvmforge.runner.report.ConsoleReporter} prints as ansible-playbook does, {@link
 * dev.kvmforge.runner.report.JsonLinesReporter} writes one JSON object per event, {@link
 * dev.kvmforge.runner.report.JUnitXmlReporter} writes a JUnit XML report for CI.
 *
 * <p>Reporters consume events only. Imports {@code event}, {@code modules} (changes and diffs), {@code error} and
 * {@code yaml} (the one Jackson mapper); never {@code execute} or anything else that runs a playbook.
 */
package dev.kvmforge.runner.report;
