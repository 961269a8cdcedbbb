package dev.kvmforge.runner.libvirt;

/** The contract, through libvirt-java (JNA) in this JVM. */
class LibvirtJavaTest extends LibvirtContract {

    @Override
    Libvirt open(String uri) {
        return LibvirtJava.connect("local", uri);
    }

    @Override
    String adapter() {
        return "libvirt-java";
    }
}
