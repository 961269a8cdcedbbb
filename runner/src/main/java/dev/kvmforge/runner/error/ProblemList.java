package dev.kvmforge.runner.error;

import java.util.List;

/**
 * Several errors found in one reading (of a playbook and what it imports), reported together so that an operator
 * fixes them all in one pass, as {@code --syntax-check} promises: each with its own place and hint, in the order they
 * are in the files. Its kind and {@link #what()} are the first one's.
 */
public final class ProblemList extends KvmforgeException {

    private final List<KvmforgeException> problems;

    private ProblemList(List<KvmforgeException> problems) {
        super(problems.get(0).kind(), problems.get(0).what(), problems.get(0).where().orElse(null),
                problems.get(0).hint().orElse(null));
        this.problems = List.copyOf(problems);
    }

    /** The one error, or all of them together; {@code problems} must not be empty. */
    public static KvmforgeException of(List<KvmforgeException> problems) {
        return problems.size() == 1 ? problems.get(0) : new ProblemList(problems);
    }

    /** Each error, in file order. */
    public List<KvmforgeException> problems() {
        return problems;
    }

    /** Every error's message, each after the first on a line of its own with {@code ERROR!}, and how many. */
    @Override
    public String getMessage() {
        StringBuilder b = new StringBuilder(problems.get(0).getMessage());
        for (KvmforgeException p : problems.subList(1, problems.size())) {
            b.append("\nERROR! ").append(p.getMessage());
        }
        return b.append("\n").append(problems.size()).append(" problems found; fix them all, then run again")
                .toString();
    }
}
