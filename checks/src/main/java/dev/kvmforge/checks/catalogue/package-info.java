/**
 * The built-in check catalogue, by group: {@link dev.kvmforge.checks.catalogue.HypervisorChecks} ({@code HV-*}),
 * {@link dev.kvmforge.checks.catalogue.LibvirtChecks} ({@code LV-*}) and {@link dev.kvmforge.checks.catalogue.QemuChecks}
 * ({@code QEMU-*}), gathered with their selection rules in {@link dev.kvmforge.checks.catalogue.CheckCatalogue}.
 * Ids are stable: reports, waivers and {@code --checks} name them.
 *
 * <p>{@link dev.kvmforge.checks.catalogue.CheckSources} adds the checks of YAML specs and users' annotated classes.
 *
 * <p>Imports {@code model}, {@code probe}, {@code conf}, {@code spec}, {@code annotated} and the runner's {@code host}
 * and {@code error}; nothing of JUnit.
 */
package dev.kvmforge.checks.catalogue;
