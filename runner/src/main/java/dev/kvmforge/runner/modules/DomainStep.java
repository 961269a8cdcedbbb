package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.connection.Shell;
import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.host.Host;
import dev.kvmforge.runner.libvirt.DomainState;
import dev.kvmforge.runner.libvirt.Libvirt;
import dev.kvmforge.runner.libvirt.LibvirtDomain;
import dev.kvmforge.runner.libvirt.StorageRemoval;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One change to a domain, as data: {@link LibvirtDomainModule#apply} carries the plan's steps out in order, and
 * nothing else.
 */
sealed interface DomainStep {

    /** Carries the step out on domain {@code name}; what it learns goes into {@code learnt}. */
    void carryOut(Host host, Libvirt libvirt, String name, Map<String, Object> learnt);

    /** Define, or redefine, the domain from {@code xml}. */
    record Define(String xml) implements DomainStep {
        @Override
        public void carryOut(Host host, Libvirt libvirt, String name, Map<String, Object> learnt) {
            libvirt.defineDomain(xml);
        }
    }

    record Autostart(boolean on) implements DomainStep {
        @Override
        public void carryOut(Host host, Libvirt libvirt, String name, Map<String, Object> learnt) {
            libvirt.setAutostart(name, on);
        }
    }

    record Start() implements DomainStep {
        @Override
        public void carryOut(Host host, Libvirt libvirt, String name, Map<String, Object> learnt) {
            libvirt.start(name);
        }
    }

    record Resume() implements DomainStep {
        @Override
        public void carryOut(Host host, Libvirt libvirt, String name, Map<String, Object> learnt) {
            libvirt.resume(name);
        }
    }

    record Pause() implements DomainStep {
        @Override
        public void carryOut(Host host, Libvirt libvirt, String name, Map<String, Object> learnt) {
            libvirt.suspend(name);
        }
    }

    /** The ACPI power button, then a wait of up to {@code timeoutSeconds} for the guest to power off. */
    record Shutdown(int timeoutSeconds) implements DomainStep {
        @Override
        public void carryOut(Host host, Libvirt libvirt, String name, Map<String, Object> learnt) {
            shutDown(host, libvirt, name, timeoutSeconds);
        }
    }

    record Destroy() implements DomainStep {
        @Override
        public void carryOut(Host host, Libvirt libvirt, String name, Map<String, Object> learnt) {
            libvirt.destroy(name);
        }
    }

    /**
     * Remove the definition; with {@code removeStorage} its disks too, and with {@code onThisHost} the disk files
     * no pool holds as well. Learns {@code storage_removed} and {@code storage_left}.
     */
    record Undefine(boolean removeStorage, boolean onThisHost) implements DomainStep {
        @Override
        public void carryOut(Host host, Libvirt libvirt, String name, Map<String, Object> learnt) {
            StorageRemoval r = libvirt.undefine(name, removeStorage);
            List<String> removed = new ArrayList<>(r.removed());
            List<String> left = new ArrayList<>();
            for (String file : r.notManaged()) {
                if (onThisHost && host.run(Shell.command("rm", "-f", "--", file)).ok()) {
                    removed.add(file);
                } else {
                    left.add(file);
                }
            }
            learnt.put("storage_removed", removed);
            learnt.put("storage_left", left);
        }
    }

    /** Asks the guest to power off and waits until it has, or fails when it ignores the request. */
    private static void shutDown(Host host, Libvirt libvirt, String name, int timeoutSeconds) {
        libvirt.shutdown(name);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(timeoutSeconds));
        while (true) {
            Optional<LibvirtDomain> d = libvirt.domain(name);
            if (d.isEmpty() || d.get().state() == DomainState.SHUT_OFF) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new KvmforgeException(ErrorKind.TASK, "domain " + name + " did not power off within "
                        + timeoutSeconds + " s of the ACPI power button: its guest ignored it, and it is still "
                        + d.get().state(), host.name(), "state: destroyed powers it off at once; or raise "
                        + "shutdown_timeout");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KvmforgeException(ErrorKind.TASK, "interrupted while waiting for " + name
                        + " to shut down", host.name(), null);
            }
        }
    }
}
