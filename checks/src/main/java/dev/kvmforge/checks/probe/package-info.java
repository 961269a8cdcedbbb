/**
 * Reading a host cheaply: a {@link dev.kvmforge.checks.probe.Probe} is a small shell fragment and the reader of its
 * output; {@link dev.kvmforge.checks.probe.ProbeBatch} joins the probes of every selected check into one command per
 * host and splits the output again; a {@link dev.kvmforge.checks.probe.HostSnapshot} holds the outputs and reads
 * them into records ({@link dev.kvmforge.checks.probe.DeviceNodes}, {@link dev.kvmforge.checks.probe.ProcessTable},
 * {@link dev.kvmforge.checks.probe.ConfigFile}...) for the checks. {@link dev.kvmforge.checks.probe.Probes} are the
 * built-in ones, those of YAML specs included (file state, installed package, kernel parameter, listening sockets,
 * running processes, accounts, systemd units, commands): a probe that several checks read runs once.
 *
 * <p>Probes that read configuration and state files ({@code /etc}, {@code /var}, {@code /proc} of processes) read
 * them under the snapshot's root ({@code $R} in the scripts: empty for {@code /}), so that a prepared directory or a
 * mounted image can stand in for the host's own files. Devices, {@code /sys} and the CPU are always the running
 * kernel's.
 *
 * <p>Imports the runner's {@code host} and {@code connection} (Host, quoting) and {@code conf}; nothing of JUnit.
 */
package dev.kvmforge.checks.probe;
