package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.host.KvmFacts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kvm_capable}: can this host run KVM guests? Tries {@code /dev/kvm} for real (a VM created through the KVM
 * API), reads the CPU flags, the kvm modules, nested virtualization and what the host itself runs under, and sets
 * them as the fact {@code kvm}. Fails with a hint when KVM cannot be used, unless {@code required: false}: then it
 * warns that guests will run under software emulation, and goes on.
 * Changes nothing.
 */
public final class KvmCapableModule implements ReadOnlyModule<KvmCapableModule.Params> {

    /**
     * @param required fail the task when KVM cannot be used (default true)
     * @param nested   also require nested virtualization ({@code true}), require it off ({@code false}), or either
     *                 (unset)
     */
    public record Params(Boolean required, Boolean nested) {
    }

    /** How an operator goes on without KVM, on purpose. */
    static final String WAY_ON = "or go on without KVM, with software emulation (much slower): required: false"
            + " (in the kvm-host, vm and qemu-vm playbooks: -e kvm_required=false)";

    @Override
    public String name() {
        return "kvm_capable";
    }

    @Override
    public Class<Params> parameters() {
        return Params.class;
    }

    @Override
    public ModuleResult read(ModuleContext context, Params p) {
        KvmFacts facts = KvmFacts.gather(context.host());
        Map<String, Object> k = facts.asFacts();
        Map<String, Object> found = new LinkedHashMap<>();
        found.put("kvm", k);
        found.put("ansible_facts", Map.of("kvm", k));
        boolean usable = facts.usable();
        String reason = facts.explain();
        if (!usable && (p.required() == null || p.required())) {
            String fix = facts.hint();
            return new ModuleResult(false, true, "KVM cannot be used: " + reason + "\n  hint: "
                    + (fix.isEmpty() ? "" : fix + "; ") + WAY_ON, found, List.of());
        }
        if (!usable) {
            Map<String, Object> values = new LinkedHashMap<>(found);
            values.put("warnings", List.of("KVM cannot be used on " + context.host().name() + " (" + reason
                    + "): going on as asked (required: false); guests will run under software emulation (TCG),"
                    + " much slower than under KVM"));
            return new ModuleResult(false, false, reason, values, List.of());
        }
        if (p.nested() != null) {
            String nested = facts.nested();
            boolean on = nested.equalsIgnoreCase("Y") || nested.equals("1");
            if (on != p.nested()) {
                return new ModuleResult(false, true, "nested virtualization is " + (on ? "on" : "off or unknown ("
                        + (nested.isEmpty() ? "no kvm_intel/kvm_amd nested parameter" : nested) + ")")
                        + ", the task asks for it " + (p.nested() ? "on" : "off"), found, List.of());
            }
        }
        return new ModuleResult(false, false, reason, found, List.of());
    }
}
