package dev.kvmforge.checks.spec;

import dev.kvmforge.checks.model.Verdict;
import dev.kvmforge.checks.probe.HostSnapshot;
import dev.kvmforge.checks.probe.KernelParameter;
import dev.kvmforge.checks.probe.Probe;
import dev.kvmforge.checks.probe.Probes;
import java.util.List;

/**
 * {@code sysctl:}: a kernel parameter of the running kernel has a value (blanks between fields do not matter).
 *
 * <pre>
 * sysctl:
 *   name: net.ipv4.ip_forward
 *   value: 1
 * </pre>
 *
 * @param name  dotted name
 * @param value expected value
 */
record SysctlSpec(String name, String value) implements ResourceSpec {

    static final List<String> KEYS = List.of("name", "value");

    static SysctlSpec read(MappingReader m) {
        m.onlyKeys(KEYS, "keys of a sysctl test");
        String name = m.text("name");
        if (!name.matches("[A-Za-z0-9_-]+([./][A-Za-z0-9_-]+)*")) {
            throw m.error("name", "not a kernel parameter name: '" + name + "'", "write it as sysctl does:"
                    + " net.ipv4.ip_forward");
        }
        return new SysctlSpec(name.replace('/', '.'), KernelParameter.normalize(m.text("value")));
    }

    private Probe<KernelParameter> probe() {
        return Probes.kernelParameter(name);
    }

    @Override
    public List<Probe<?>> probes() {
        return List.of(probe());
    }

    @Override
    public Verdict evaluate(HostSnapshot host) {
        KernelParameter p = host.get(probe());
        if (!p.present()) {
            return Verdict.fail("the kernel has no parameter " + name + " (or it cannot be read: /proc/sys/"
                    + name.replace('.', '/') + ")");
        }
        if (!p.value().equals(value)) {
            return Verdict.fail(name + " = " + p.value() + ", not " + value);
        }
        return Verdict.pass(name + " = " + p.value());
    }
}
