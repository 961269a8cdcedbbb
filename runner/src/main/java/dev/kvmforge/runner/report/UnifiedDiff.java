package dev.kvmforge.runner.report;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import dev.kvmforge.runner.modules.Diff;
import java.util.List;

/** A {@link Diff} as unified diff lines ({@code --- before: path}, {@code +++ after: path}, {@code @@} hunks). */
final class UnifiedDiff {

    /** Lines of context around each change, as {@code diff -u}. */
    static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    /** The lines of the diff, without line ends; empty when before and after are the same text. */
    static List<String> lines(Diff diff) {
        List<String> before = diff.before().lines().toList();
        List<String> after = diff.after().lines().toList();
        Patch<String> patch = DiffUtils.diff(before, after);
        if (patch.getDeltas().isEmpty()) {
            return List.of();
        }
        return UnifiedDiffUtils.generateUnifiedDiff("before: " + diff.path(), "after: " + diff.path(), before, patch,
                CONTEXT);
    }
}
