package dev.kvmforge.runner.modules;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the earlier tasks of a dry run would have changed on one host, so that later tasks plan against the host as it
 * would be rather than as it is: the disk image a {@code qemu_img} task would create exists for the
 * {@code libvirt_domain} task after it, the libvirtd a {@code service} task would start answers (empty) for it.
 * Ansible's check mode cannot see the effect of earlier tasks; kvmforge's can, for what its modules record here.
 *
 * <p>Only check mode reads it ({@link ModuleContext#expects}): in a real run every change has really happened.
 */
public final class Forecast {

    private final Set<String> paths = ConcurrentHashMap.newKeySet();
    private final Set<String> services = ConcurrentHashMap.newKeySet();
    private final Set<String> packages = ConcurrentHashMap.newKeySet();

    /** An earlier task would create {@code path}. */
    public void willCreate(String path) {
        paths.add(path);
    }

    /** An earlier task would start {@code service}. */
    public void willStart(String service) {
        services.add(service);
    }

    /** An earlier task would install {@code names}. */
    public void willInstall(Collection<String> names) {
        packages.addAll(names);
    }

    boolean wouldExist(String path) {
        return paths.contains(path);
    }

    boolean wouldRun(String service) {
        return services.contains(service);
    }

    boolean wouldInstallAny() {
        return !packages.isEmpty();
    }
}
