package dev.kvmforge.runner.libvirt;

/** Whether a domain runs, in the states both adapters can tell apart. */
public enum DomainState {
    /** Running (its vCPUs may be idle). */
    RUNNING("running"),
    /** Suspended: memory kept, vCPUs stopped. */
    PAUSED("paused"),
    /** Not running: defined only. */
    SHUT_OFF("shut off"),
    /** Anything else: shutting down, crashed, suspended to RAM by the guest. */
    OTHER("other");

    private final String word;

    DomainState(String word) {
        this.word = word;
    }

    /** Whether a QEMU process exists for the domain. */
    public boolean active() {
        return this != SHUT_OFF;
    }

    /** The state as virsh shows it: {@code running}, {@code paused}, {@code shut off}, {@code other}. */
    @Override
    public String toString() {
        return word;
    }
}
