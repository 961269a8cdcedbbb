/**
 * Modules: typed parameters (a record bound in strict mode), {@code plan} that only reads the host, and {@code apply}
 * that carries the plan out. Check mode runs {@code plan} alone, so a dry run is exact by construction.
 *
 * <p>Imports {@code host}, {@code connection}, {@code template}, {@code yaml} and {@code error}; never
 * {@code execute}, {@code report} or a door.
 */
package dev.kvmforge.runner.modules;
