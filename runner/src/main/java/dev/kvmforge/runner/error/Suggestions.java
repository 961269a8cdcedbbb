package dev.kvmforge.runner.error;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Nearest valid names for a misspelt one ("did you mean ..."), by edit distance. */
public final class Suggestions {

    private Suggestions() {
    }

    /** Up to three candidates close to {@code wrong}, nearest first; empty when none is close. */
    public static List<String> nearest(String wrong, Collection<String> candidates) {
        String w = wrong.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, w.length() / 3);
        return candidates.stream()
                .map(c -> new Scored(c, distance(w, c.toLowerCase(Locale.ROOT))))
                .filter(s -> s.distance <= limit || s.name.toLowerCase(Locale.ROOT).contains(w)
                        || (w.length() > 3 && w.contains(s.name.toLowerCase(Locale.ROOT))))
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .limit(3)
                .map(Scored::name)
                .toList();
    }

    /** A hint line: "did you mean a, b?" or the full list of valid names when nothing is close. */
    public static String hint(String wrong, Collection<String> candidates, String noun) {
        List<String> near = nearest(wrong, candidates);
        if (!near.isEmpty()) {
            return "did you mean " + String.join(", ", near) + "?";
        }
        return "valid " + noun + ": " + String.join(", ", candidates.stream().sorted().toList());
    }

    private record Scored(String name, int distance) {
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
