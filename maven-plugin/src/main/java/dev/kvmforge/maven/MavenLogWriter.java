package dev.kvmforge.maven;

import java.io.PrintWriter;
import java.io.Writer;
import org.apache.maven.plugin.logging.Log;

/**
 * A {@link Writer} that hands each whole line to Maven's log: {@code [WARNING]: ...} lines (as the console reporter
 * prints warnings) to {@link Log#warn}, without the prefix Maven adds itself, and every other line to
 * {@link Log#info}. So a run reads in {@code mvn} as it does in the CLI.
 */
final class MavenLogWriter extends Writer {

    private static final String WARNING = "[WARNING]: ";

    private final Log log;
    private final StringBuilder line = new StringBuilder();

    MavenLogWriter(Log log) {
        this.log = log;
    }

    /** A print writer over a new log writer. */
    static PrintWriter printWriter(Log log) {
        return new PrintWriter(new MavenLogWriter(log), true);
    }

    @Override
    public synchronized void write(char[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            char c = buf[i];
            if (c == '\n') {
                emit();
            } else if (c == '\r') {
                line.setLength(0); // a line rewritten in place: only its last form counts
            } else {
                line.append(c);
            }
        }
    }

    /** Lines are handed over when they end; flush keeps a partial line until its end comes. */
    @Override
    public void flush() {
    }

    @Override
    public synchronized void close() {
        if (line.length() > 0) {
            emit();
        }
    }

    private void emit() {
        String text = line.toString();
        line.setLength(0);
        if (text.startsWith(WARNING)) {
            log.warn(text.substring(WARNING.length()));
        } else {
            log.info(text);
        }
    }
}
