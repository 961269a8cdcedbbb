/**
 * Errors as values for the operator: what went wrong, where (file:line:column, host, task) and a hint.
 *
 * <p>Imports nothing from the rest of the runner; every other package may import it.
 */
package dev.kvmforge.runner.error;
