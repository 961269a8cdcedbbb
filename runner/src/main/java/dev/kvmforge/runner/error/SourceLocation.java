package dev.kvmforge.runner.error;

import java.nio.file.Path;

/** A place in an input file, printed as {@code file:line:column} (1-based, as editors count). */
public record SourceLocation(String file, int line, int column) {

    public static SourceLocation of(Path file, int line, int column) {
        return new SourceLocation(file == null ? "<input>" : file.toString(), line, column);
    }

    /** The same file, but no line: for errors about a whole file. */
    public static SourceLocation file(Path file) {
        return new SourceLocation(file.toString(), 0, 0);
    }

    @Override
    public String toString() {
        if (line <= 0) {
            return file;
        }
        return column <= 0 ? file + ":" + line : file + ":" + line + ":" + column;
    }
}
