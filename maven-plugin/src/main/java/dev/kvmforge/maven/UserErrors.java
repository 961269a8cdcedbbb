package dev.kvmforge.maven;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Turns kvmforge's errors into Maven's: a {@link KvmforgeException} becomes one line (where, what, hint), a
 * {@link MojoExecutionException} for a playbook, inventory or parameter that cannot be used and a
 * {@link MojoFailureException} for a host that failed or could not be reached. The stack trace stays attached for
 * {@code mvn -e}, but its message repeats the line, so Maven prints nothing more without {@code -e}.
 */
final class UserErrors {

    private UserErrors() {
    }

    /** Throws {@code e} as Maven's failure (a host failed) or execution error (anything else). */
    static void rethrow(String goal, KvmforgeException e) throws MojoExecutionException, MojoFailureException {
        String line = goal + ": " + oneLine(e);
        Throwable trace = new Trace(line, e);
        if (e.kind() == ErrorKind.TASK || e.kind() == ErrorKind.UNREACHABLE) {
            throw new MojoFailureException(line, trace);
        }
        throw new MojoExecutionException(line, trace);
    }

    /** A parameter value that makes no sense: {@code kvm:verify: failOn: unknown severity 'severe': ...}. */
    static MojoExecutionException parameter(String goal, IllegalArgumentException e) {
        String line = goal + ": " + e.getMessage();
        return new MojoExecutionException(line, new Trace(line, e));
    }

    /** {@code file:line:column: what; hint: hint}. */
    static String oneLine(KvmforgeException e) {
        StringBuilder b = new StringBuilder();
        e.where().filter(w -> !w.isEmpty()).ifPresent(w -> b.append(w).append(": "));
        b.append(HostFailures.oneLine(e.what()));
        e.hint().filter(h -> !h.isEmpty()).ifPresent(h -> b.append("; hint: ").append(HostFailures.oneLine(h)));
        return b.toString();
    }

    /**
     * Carries the original stack trace (and, suppressed, its causes) for {@code mvn -e}, under a message Maven's
     * error line already contains, so that Maven, which appends every cause's message it has not printed yet,
     * adds nothing.
     */
    private static final class Trace extends Exception {
        private static final long serialVersionUID = 1L;

        private final String originalType;

        Trace(String message, Throwable original) {
            super(message, null, true, true);
            originalType = original.getClass().getName();
            setStackTrace(original.getStackTrace());
            if (original.getCause() != null) {
                addSuppressed(original.getCause());
            }
        }

        @Override
        public String toString() {
            return originalType + ": " + getMessage();
        }
    }
}
