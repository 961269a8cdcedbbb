package dev.kvmforge.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGenerator;

/**
 * How guests run on the machine the tests run on: under KVM where {@code /dev/kvm} is a character device this process
 * can open read-write, under QEMU's software emulation (TCG) everywhere else. Tests that boot guests follow the
 * machine instead of needing KVM: they ask {@link #ofThisMachine()} for the libvirt {@linkplain #domainType() domain
 * type} or the QEMU {@linkplain #qemuAccel() accelerator}, and assert that the guest ran that way.
 *
 * <p>Tests say in their names which way they ran: {@code @DisplayNameGeneration(GuestAcceleration.Named.class)} on a
 * class appends {@code [KVM]} or {@code [TCG, no usable /dev/kvm]} to its name and its tests' names (as IDEs, the JUnit
 * launcher and its XML reports show them), and the first answer in a JVM is printed once on the console.
 *
 * <p>The answer is read once per JVM, from the device alone (no kvmforge code), so that it is an independent witness
 * for the tests of kvmforge's own KVM probe.
 */
public enum GuestAcceleration {

    /** Hardware virtualization through /dev/kvm. */
    KVM("kvm", "kvm", "KVM"),
    /** QEMU's Tiny Code Generator: the guest's CPU emulated in software, many times slower. */
    TCG("qemu", "tcg", "TCG, no usable /dev/kvm");

    private static final Path DEVICE = Path.of("/dev/kvm");
    private static GuestAcceleration machine;

    private final String domainType;
    private final String qemuAccel;
    private final String label;

    GuestAcceleration(String domainType, String qemuAccel, String label) {
        this.domainType = domainType;
        this.qemuAccel = qemuAccel;
        this.label = label;
    }

    /** The way guests run on this machine: {@link #KVM} when /dev/kvm opens read-write here, else {@link #TCG}. */
    public static synchronized GuestAcceleration ofThisMachine() {
        GuestAcceleration m = machine;
        if (m == null) {
            m = devKvmOpens() ? KVM : TCG;
            machine = m;
            System.out.println("[kvmforge testkit] guests on this machine run under " + (m.kvm()
                    ? "KVM (/dev/kvm opens read-write)" : "QEMU's software emulation (TCG): no usable /dev/kvm"));
        }
        return m;
    }

    private static boolean devKvmOpens() {
        if (!Files.exists(DEVICE) || Files.isRegularFile(DEVICE) || Files.isDirectory(DEVICE)) {
            return false;
        }
        try (RandomAccessFile f = new RandomAccessFile(DEVICE.toFile(), "rw")) {
            return f.getFD().valid();
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether this is {@link #KVM}. */
    public boolean kvm() {
        return this == KVM;
    }

    /** The libvirt domain type: {@code kvm} or {@code qemu}. */
    public String domainType() {
        return domainType;
    }

    /** The value of QEMU's {@code -accel}: {@code kvm} or {@code tcg}. */
    public String qemuAccel() {
        return qemuAccel;
    }

    /** {@code KVM} or {@code TCG, no usable /dev/kvm}: what test names carry. */
    public String label() {
        return label;
    }

    /**
     * The standard display names with {@code [KVM]} or {@code [TCG, no usable /dev/kvm]} after every test's name, so
     * that reports say which way a test ran on the machine that ran it.
     */
    public static final class Named extends DisplayNameGenerator.Standard {

        @Override
        public String generateDisplayNameForClass(Class<?> testClass) {
            return super.generateDisplayNameForClass(testClass) + " [" + ofThisMachine().label() + "]";
        }

        @Override
        public String generateDisplayNameForMethod(List<Class<?>> enclosingInstanceTypes, Class<?> testClass,
                                                   Method testMethod) {
            return super.generateDisplayNameForMethod(enclosingInstanceTypes, testClass, testMethod)
                    + " [" + ofThisMachine().label() + "]";
        }
    }
}
