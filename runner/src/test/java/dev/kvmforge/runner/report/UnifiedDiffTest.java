package dev.kvmforge.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kvmforge.runner.modules.Diff;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hunk headers as GNU diff and difflib (so ansible-playbook --diff) write them. */
class UnifiedDiffTest {

    @Test
    void aNewFileStartsAtLineZeroBefore() {
        assertEquals(List.of("--- before: /f", "+++ after: /f", "@@ -0,0 +1,2 @@", "+x", "+y"),
                UnifiedDiff.lines(new Diff("/f", "", "x\ny\n")));
    }

    @Test
    void aRangeOfOneLineIsItsNumberAlone() {
        assertEquals(List.of("--- before: /f", "+++ after: /f", "@@ -1 +1 @@", "-a", "+b"),
                UnifiedDiff.lines(new Diff("/f", "a\n", "b\n")));
    }

    @Test
    void anEmptiedFileEndsAtLineZeroAfter() {
        assertEquals(List.of("--- before: /f", "+++ after: /f", "@@ -1 +0,0 @@", "-a"),
                UnifiedDiff.lines(new Diff("/f", "a\n", "")));
    }

    @Test
    void aChangeInTheMiddleKeepsThreeLinesOfContext() {
        assertEquals(List.of("--- before: /f", "+++ after: /f", "@@ -2,6 +2,7 @@", " 2", " 3", " 4", "+X", " 5", " 6",
                " 7"), UnifiedDiff.lines(new Diff("/f", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nX\n5\n6\n7\n8\n9\n")));
        assertEquals(List.of(), UnifiedDiff.lines(new Diff("/f", "same\n", "same\n")));
    }
}
