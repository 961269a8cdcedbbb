package dev.kvmforge.runner.connection;

import java.util.List;
import java.util.regex.Pattern;

/** The one quoting function: every name, path and value reaches a shell through {@link #quote(String)}. */
public final class Shell {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    /** A first word the shell would not run as a program: an assignment ({@code A=1}) or a reserved word. */
    private static final Pattern NOT_A_PROGRAM = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*|if|then|else|elif|fi|case"
            + "|esac|for|while|until|do|done|in|function|select|time");

    private Shell() {
    }

    /** {@code s} as one POSIX shell word: unchanged when it is plainly safe, otherwise in single quotes. */
    public static String quote(String s) {
        if (s == null) {
            throw new IllegalArgumentException("null cannot be passed to a shell");
        }
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a NUL character cannot be passed to a shell");
        }
        if (!s.isEmpty() && SAFE.matcher(s).matches()) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    /** The words quoted and joined by spaces: a command line. */
    public static String command(String... words) {
        return command(List.of(words));
    }

    /**
     * The words quoted and joined by spaces: a command line. The first word is always the program, even when it looks
     * like an assignment ({@code A=1}) or a reserved word: then it is quoted too.
     */
    public static String command(List<String> words) {
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            if (b.length() > 0) {
                b.append(' ');
                b.append(quote(w));
            } else {
                String q = quote(w);
                b.append(q.equals(w) && NOT_A_PROGRAM.matcher(w).matches() ? "'" + w + "'" : q);
            }
        }
        return b.toString();
    }
}
