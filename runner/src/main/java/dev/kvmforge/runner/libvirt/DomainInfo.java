package dev.kvmforge.runner.libvirt;

/**
 * What {@code virsh dominfo} tells of a domain beyond its state.
 *
 * @param maxMemoryKib the memory it may have, in KiB
 * @param memoryKib    the memory it has now, in KiB
 * @param vcpus        its virtual CPUs
 * @param cpuTimeNs    the CPU time it used, in nanoseconds (virsh tells tenths of a second)
 */
public record DomainInfo(long maxMemoryKib, long memoryKib, int vcpus, long cpuTimeNs) {
}
