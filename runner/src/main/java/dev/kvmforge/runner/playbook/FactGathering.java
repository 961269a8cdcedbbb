package dev.kvmforge.runner.playbook;

/** Whether a play gathers facts first: its {@code gather_facts}, or ansible.cfg's {@code gathering}. */
public enum FactGathering {
    /** {@code gather_facts: false}, or {@code gathering = explicit} for a play that does not say. */
    NO,
    /** {@code gather_facts: true}, or {@code gathering = implicit} (the default). */
    YES,
    /** {@code gathering = smart}: only hosts whose facts no earlier play of the run gathered. */
    UNLESS_GATHERED;

    /** The play's setting under ansible.cfg's {@code gathering}: {@code implicit}, {@code explicit} or {@code smart}. */
    static FactGathering of(Boolean gatherFacts, String gathering) {
        if (Boolean.FALSE.equals(gatherFacts)) {
            return NO;
        }
        return switch (gathering) {
            case "smart" -> UNLESS_GATHERED;
            case "explicit" -> gatherFacts == null ? NO : YES;
            default -> YES;
        };
    }
}
