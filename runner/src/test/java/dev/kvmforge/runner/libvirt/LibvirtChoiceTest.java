package dev.kvmforge.runner.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which adapter {@link Libvirt#open} picks, and what a libvirt.so that does not load becomes. */
class LibvirtChoiceTest {

    @BeforeAll
    static void libvirtd() {
        LocalLibvirtd.ensureRunning();
    }

    @Test
    void theControllersOwnHostUsesLibvirtJavaWhenItLoads() {
        assertEquals(Optional.empty(), LibvirtLibrary.probe());
        try (Libvirt l = Libvirt.open(LocalLibvirtd.LOCAL, null)) {
            assertEquals("libvirt-java", l.adapter());
            assertEquals(Libvirt.DEFAULT_URI, l.uri());
        }
    }

    @Test
    void withoutTheLibraryItIsVirsh() {
        try (Libvirt l = Libvirt.open(LocalLibvirtd.LOCAL, null, () -> Optional.of("no libvirt.so"))) {
            assertEquals("virsh", l.adapter());
        }
    }

    @Test
    void aLibraryThatDoesNotLoadIsASentenceNotAnError() {
        Optional<String> first = LibvirtLibrary.probe(() -> {
            throw new UnsatisfiedLinkError("Unable to load library 'virt': libvirt.so: cannot open shared object");
        });
        assertTrue(first.orElseThrow().contains("cannot load the libvirt library on the controller"), first.get());
        assertTrue(first.get().contains("libvirt0") && first.get().contains("virsh"), first.get());
        Optional<String> later = LibvirtLibrary.probe(() -> {
            throw new NoClassDefFoundError("Could not initialize class org.libvirt.Library");
        });
        assertTrue(later.isPresent());
    }
}
