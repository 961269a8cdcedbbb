/**
 * libvirt behind one port, {@link dev.kvmforge.runner.libvirt.Libvirt}, with two adapters: libvirt-java (JNA) for the
 * controller's own host or an explicit libvirt URI, and {@code virsh} over the host's connection for SSH hosts.
 * {@link dev.kvmforge.runner.libvirt.Libvirt#open} picks one. Also the libvirt XML that modules build and compare:
 * {@link dev.kvmforge.runner.libvirt.XmlElement} and {@link dev.kvmforge.runner.libvirt.XmlMerge}.
 *
 * <p>Imports {@code host}, {@code connection} and {@code error} (and libvirt-java); never {@code modules},
 * {@code execute} or a door.
 */
package dev.kvmforge.runner.libvirt;
