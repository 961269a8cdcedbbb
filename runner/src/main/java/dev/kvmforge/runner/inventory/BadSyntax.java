package dev.kvmforge.runner.inventory;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.SourceLocation;

/**
 * A syntax error inside one piece of text (a host line, a host name, a range), with the offset where it sits; the
 * reader that knows the file and line turns it into a located {@link KvmforgeException}.
 */
final class BadSyntax extends RuntimeException {

    private final String what;
    private final String hint;
    private final int offset;

    BadSyntax(String what, String hint, int offset) {
        super(what, null, false, false);
        this.what = what;
        this.hint = hint;
        this.offset = offset;
    }

    /** The same error placed in {@code source} at {@code line}, the text having started at 0-based {@code column}. */
    KvmforgeException at(String source, int line, int column) {
        return KvmforgeException.parse(new SourceLocation(source, line, column + offset + 1), what, hint);
    }

    /** The same error placed at {@code at}, the text having started at that column. */
    KvmforgeException at(SourceLocation at) {
        if (at == null) {
            return KvmforgeException.parse(null, what, hint);
        }
        return KvmforgeException.parse(new SourceLocation(at.file(), at.line(),
                at.column() <= 0 ? 0 : at.column() + offset), what, hint);
    }
}
