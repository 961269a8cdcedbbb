package dev.kvmforge.runner.error;

import java.util.Optional;

/**
 * An error meant for the operator: one line saying what went wrong, where, and a hint.
 *
 * <p>Its {@link #getMessage()} is complete and readable on its own; stack traces are for {@code -vvv} only.
 */
public class KvmforgeException extends RuntimeException {

    private final ErrorKind kind;
    private final String what;
    private final String where;
    private final String hint;

    public KvmforgeException(ErrorKind kind, String what, String where, String hint, Throwable cause) {
        super(format(what, where, hint), cause);
        this.kind = kind;
        this.what = what;
        this.where = where;
        this.hint = hint;
    }

    public KvmforgeException(ErrorKind kind, String what, String where, String hint) {
        this(kind, what, where, hint, null);
    }

    public static KvmforgeException parse(SourceLocation at, String what, String hint) {
        return new KvmforgeException(ErrorKind.PARSE, what, at == null ? null : at.toString(), hint);
    }

    public static KvmforgeException options(String what, String hint) {
        return new KvmforgeException(ErrorKind.OPTIONS, what, null, hint);
    }

    public ErrorKind kind() {
        return kind;
    }

    public String what() {
        return what;
    }

    public Optional<String> where() {
        return Optional.ofNullable(where);
    }

    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }

    /**
     * The same error, placed at {@code place}; what it said of where it happened stays after it, unless that was only
     * the host {@code place} names already ({@code host web1} and {@code web1} say it once).
     */
    public KvmforgeException at(Where place) {
        String combined = where == null || where.equals(place.host()) ? place.toString() : place + ": " + where;
        KvmforgeException placed = new KvmforgeException(kind, what, combined, hint, getCause());
        placed.setStackTrace(getStackTrace());
        return placed;
    }

    private static String format(String what, String where, String hint) {
        StringBuilder b = new StringBuilder();
        if (where != null && !where.isEmpty()) {
            b.append(where).append(": ");
        }
        b.append(what);
        if (hint != null && !hint.isEmpty()) {
            b.append("\n  hint: ").append(hint);
        }
        return b.toString();
    }
}
