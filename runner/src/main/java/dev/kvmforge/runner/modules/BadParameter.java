package dev.kvmforge.runner.modules;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import java.util.List;

/**
 * A task argument a module does not take: an unknown key, a wrong type, a value that is not one of the choices. Knows
 * which argument it is, so the playbook reader can point at the value's file:line:column.
 */
public final class BadParameter extends KvmforgeException {

    private final List<Object> path;

    /**
     * @param path the argument: its key, then map keys and list indexes into its value; empty when the error is
     *             about the arguments as a whole (a required parameter missing)
     */
    public BadParameter(ErrorKind kind, String what, String hint, List<Object> path) {
        super(kind, what, null, hint);
        this.path = List.copyOf(path);
    }

    /** The argument: its key, then map keys (strings) and list indexes (integers) into its value. */
    public List<Object> path() {
        return path;
    }

    /** The argument's key, or null when the error is about the arguments as a whole. */
    public String parameter() {
        return path.isEmpty() ? null : (String) path.get(0);
    }
}
