package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.host.Facts;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Logical names of the virtualization stack, as tutorials write them, mapped to the real package names of each
 * distribution. The tutorial's {@code qemu-kvm} does not exist on Debian (the package is {@code qemu-system-x86},
 * and {@code qemu-img} is in {@code qemu-utils}); it does on Ubuntu and the Red Hat family. Names not in the table
 * pass unchanged.
 */
public final class PackageNames {

    /** logical name -> family or distribution -> real names (empty: nothing needed there). */
    private static final Map<String, Map<String, List<String>>> TABLE = Map.of(
            "qemu-kvm", Map.of(
                    "debian", List.of("qemu-system-x86", "qemu-utils"),
                    "ubuntu", List.of("qemu-kvm"),
                    "RedHat", List.of("qemu-kvm", "qemu-img")),
            "libvirt-daemon-system", Map.of(
                    "Debian", List.of("libvirt-daemon-system"),
                    "RedHat", List.of("libvirt-daemon-kvm", "libvirt-daemon-config-network")),
            "libvirt-clients", Map.of(
                    "Debian", List.of("libvirt-clients"),
                    "RedHat", List.of("libvirt-client")),
            "bridge-utils", Map.of(
                    "Debian", List.of("bridge-utils"),
                    "RedHat", List.of("iproute")),
            "virtinst", Map.of(
                    "Debian", List.of("virtinst"),
                    "RedHat", List.of("virt-install")),
            "ovmf", Map.of(
                    "Debian", List.of("ovmf"),
                    "RedHat", List.of("edk2-ovmf")),
            "qemu-utils", Map.of(
                    "Debian", List.of("qemu-utils"),
                    "RedHat", List.of("qemu-img")));

    private PackageNames() {
    }

    /** The real names for {@code names} on the host described by {@code facts}, in order, without repeats. */
    public static List<String> resolve(List<String> names, Facts facts) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String n : names) {
            out.addAll(resolve(n, facts));
        }
        return new ArrayList<>(out);
    }

    static List<String> resolve(String name, Facts facts) {
        Map<String, List<String>> row = TABLE.get(name);
        if (row == null) {
            return List.of(name);
        }
        List<String> real = row.get(facts.distribution());
        if (real == null) {
            real = row.get(facts.osFamily());
        }
        if (real == null && "Debian".equals(facts.osFamily())) {
            real = row.get("debian");
        }
        return real == null ? List.of(name) : real;
    }
}
