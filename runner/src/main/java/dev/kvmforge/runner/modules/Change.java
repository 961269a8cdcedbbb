package dev.kvmforge.runner.modules;

/**
 * One change a module would make, in the operator's words ("create /srv/a.qcow2 (qcow2, 20G)"), with the text
 * change for {@code --diff} where there is one.
 */
public record Change(String summary, Diff diff) {

    public static Change of(String summary) {
        return new Change(summary, null);
    }

    public static Change of(String summary, Diff diff) {
        return new Change(summary, diff);
    }
}
