package dev.kvmforge.runner.libvirt;

/**
 * A domain (virtual machine) as {@code virsh list --all} knows it.
 *
 * @param name       the domain's name
 * @param state      whether it runs
 * @param autostart  whether libvirtd starts it when libvirtd starts
 * @param persistent whether it is defined (a transient domain vanishes when it stops)
 */
public record LibvirtDomain(String name, DomainState state, boolean autostart, boolean persistent) {
}
