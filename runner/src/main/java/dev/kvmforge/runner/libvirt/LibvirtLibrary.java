package dev.kvmforge.runner.libvirt;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether libvirt-java can be used in this JVM: JNA on the class path and {@code libvirt.so.0} loadable. Probed once
 * and remembered (and libvirt's printing of every error to stderr is turned off: errors reach the user as values).
 * A failure becomes a sentence, never an {@code UnsatisfiedLinkError} for the user (the first call of a failed load
 * throws that error, every later one {@code NoClassDefFoundError}: both are caught here).
 */
final class LibvirtLibrary {

    private static volatile Optional<String> problem;

    private LibvirtLibrary() {
    }

    /** Empty when libvirt-java works here; otherwise why not, in a sentence. */
    static Optional<String> probe() {
        Optional<String> p = problem;
        if (p == null) {
            synchronized (LibvirtLibrary.class) {
                p = problem;
                if (p == null) {
                    p = probe(LibvirtLibrary::load);
                    problem = p;
                }
            }
        }
        return p;
    }

    /** Runs {@code load} and turns what it throws into the sentence {@link #probe()} gives. */
    static Optional<String> probe(Supplier<Object> load) {
        try {
            load.get();
            return Optional.empty();
        } catch (LinkageError | RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            return Optional.of("libvirt-java cannot load the libvirt library on the controller (" + detail.strip()
                    + "); install libvirt0 (Debian, Ubuntu) or libvirt-libs (Fedora), or kvmforge uses virsh");
        }
    }

    private static Object load() {
        try {
            Class<?> library = Class.forName("org.libvirt.Library", true, LibvirtLibrary.class.getClassLoader());
            LibvirtJava.silenceErrorPrinting();
            return library;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("libvirt-java is not on the class path", e);
        }
    }
}
