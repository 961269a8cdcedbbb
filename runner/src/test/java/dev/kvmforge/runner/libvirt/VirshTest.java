package dev.kvmforge.runner.libvirt;

/** The contract, through {@code virsh} commands on the local host's connection. */
class VirshTest extends LibvirtContract {

    @Override
    Libvirt open(String uri) {
        return Virsh.connect(LocalLibvirtd.LOCAL, uri);
    }

    @Override
    String adapter() {
        return "virsh";
    }
}
