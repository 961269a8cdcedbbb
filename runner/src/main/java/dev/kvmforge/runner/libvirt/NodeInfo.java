package dev.kvmforge.runner.libvirt;

/**
 * The host as libvirt sees it ({@code virsh nodeinfo}).
 *
 * @param cpuModel       the CPU architecture, such as {@code x86_64}
 * @param memoryKib      the host's memory, in KiB
 * @param cpus           active logical CPUs
 * @param mhz            the CPU frequency
 * @param numaNodes      NUMA cells
 * @param sockets        CPU sockets per NUMA cell
 * @param coresPerSocket cores per socket
 * @param threadsPerCore threads per core
 */
public record NodeInfo(String cpuModel, long memoryKib, int cpus, int mhz, int numaNodes, int sockets,
                       int coresPerSocket, int threadsPerCore) {
}
