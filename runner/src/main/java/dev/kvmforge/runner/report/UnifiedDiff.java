package dev.kvmforge.runner.report;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import dev.kvmforge.runner.modules.Diff;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@link Diff} as unified diff lines ({@code --- before: path}, {@code +++ after: path}, {@code @@} hunks). */
final class UnifiedDiff {

    /** Lines of context around each change, as {@code diff -u}. */
    static final int CONTEXT = 3;

    /** A hunk header as java-diff-utils writes it: always with both lengths. */
    private static final Pattern HUNK = Pattern.compile("@@ -(\\d+),(\\d+) \\+(\\d+),(\\d+) @@(.*)");

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
                CONTEXT).stream().map(UnifiedDiff::hunkHeader).toList();
    }

    /**
     * A hunk header written as GNU diff and Python's difflib write it: a range of one line is its number alone
     * ({@code -3}), an empty range names the line before it ({@code -0,0} for an empty file).
     */
    static String hunkHeader(String line) {
        Matcher m = HUNK.matcher(line);
        if (!m.matches()) {
            return line;
        }
        return "@@ -" + range(m.group(1), m.group(2)) + " +" + range(m.group(3), m.group(4)) + " @@" + m.group(5);
    }

    private static String range(String start, String length) {
        int first = Integer.parseInt(start);
        int count = Integer.parseInt(length);
        if (count == 1) {
            return String.valueOf(first);
        }
        return (count == 0 ? Math.max(0, first - 1) : first) + "," + count;
    }
}
