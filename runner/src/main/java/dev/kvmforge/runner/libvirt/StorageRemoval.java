package dev.kvmforge.runner.libvirt;

import java.util.List;

/**
 * What undefining a domain with its storage did to the domain's disk files.
 *
 * @param removed    volumes libvirt manages (in a storage pool), deleted through libvirt
 * @param notManaged disk files no storage pool holds: libvirt cannot delete them; whoever asked decides
 */
public record StorageRemoval(List<String> removed, List<String> notManaged) {

    public StorageRemoval {
        removed = List.copyOf(removed);
        notManaged = List.copyOf(notManaged);
    }

    public static StorageRemoval none() {
        return new StorageRemoval(List.of(), List.of());
    }
}
