package dev.kvmforge.runner.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of one INI host line, split as Python's {@code shlex} does in POSIX mode with {@code #} comments (which is
 * what Ansible uses): whitespace separates words, quotes group and are removed, a backslash escapes one character,
 * and {@code #} outside quotes ends the line even in the middle of a word.
 */
final class ShellWords {

    /** One word and the 0-based offset where it starts in the line. */
    record Word(String text, int offset) {
    }

    private ShellWords() {
    }

    static List<Word> split(String line) {
        List<Word> words = new ArrayList<>();
        StringBuilder word = null;
        int start = -1;
        int i = 0;
        int n = line.length();
        scan:
        while (i < n) {
            char c = line.charAt(i);
            if (isSpace(c)) {
                if (word != null) {
                    words.add(new Word(word.toString(), start));
                    word = null;
                }
                i++;
                continue;
            }
            if (c == '#') {
                break scan;
            }
            if (word == null) {
                word = new StringBuilder();
                start = i;
            }
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= n) {
                        throw new BadSyntax("no character after the backslash", "escape a character with \\ or quote the value", i);
                    }
                    word.append(line.charAt(i + 1));
                    i += 2;
                }
                case '\'' -> {
                    int end = line.indexOf('\'', i + 1);
                    if (end < 0) {
                        throw new BadSyntax("no closing quotation", "close the ' quote, or escape it with \\'", i);
                    }
                    word.append(line, i + 1, end);
                    i = end + 1;
                }
                case '"' -> {
                    int open = i++;
                    boolean closed = false;
                    while (i < n) {
                        char d = line.charAt(i);
                        if (d == '"') {
                            closed = true;
                            i++;
                            break;
                        }
                        if (d == '\\' && i + 1 < n && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                            word.append(line.charAt(i + 1));
                            i += 2;
                            continue;
                        }
                        word.append(d);
                        i++;
                    }
                    if (!closed) {
                        throw new BadSyntax("no closing quotation", "close the \" quote, or escape it with \\\"", open);
                    }
                }
                default -> {
                    word.append(c);
                    i++;
                }
            }
        }
        if (word != null) {
            words.add(new Word(word.toString(), start));
        }
        return words;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
