/**
 * The Host API: the only way modules and checks touch a machine. Commands, files (stat, read, write, mode, owner),
 * and facts, all as shell commands over a {@link dev.kvmforge.runner.connection.Connection}: no agent and no Python on
 * the target. A fact ({@link dev.kvmforge.runner.host.HostFact}: a command and a parser, such as
 * {@link dev.kvmforge.runner.host.KvmFacts#FACT}) is read once per host, run and user and kept, and modules and checks
 * read the same ones: KVM ({@code KvmFacts}), the package database ({@code InstalledPackages}), boot links
 * ({@code BootLinks}) and the service tools ({@code ServiceTools}). An operation that changes a fact forgets it.
 *
 * <p>Imports {@code connection} and {@code error}; never {@code modules}, {@code execute} or a door.
 */
package dev.kvmforge.runner.host;
