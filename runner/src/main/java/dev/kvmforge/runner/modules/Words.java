package dev.kvmforge.runner.modules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into words two ways: a command line as a POSIX shell reads it ({@link #split}), and a task's short-form
 * arguments ({@code path={{ d }} state=directory}) as Ansible reads them ({@link #arguments}, {@link #keyValues}).
 */
public final class Words {

    /** The escapes Ansible decodes in a short-form argument: {@code \\n}, {@code \\x41}, {@code \\u00e9} and so on. */
    private static final Pattern ESCAPE = Pattern.compile(
            "\\\\U[0-9a-fA-F]{8}|\\\\u[0-9a-fA-F]{4}|\\\\x[0-9a-fA-F]{2}|\\\\N\\{[^}]+}|\\\\[\\\\'\"abfnrtv]");

    private Words() {
    }

    /** {@code echo "a b" 'c'} becomes {@code [echo, a b, c]}. An unclosed quote is an error. */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                    cur.append(line.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + (quote == '"' ? "double" : "single") + " quote in: " + line);
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }

    /**
     * Short-form arguments split as Ansible's {@code split_args} does: on spaces and newlines, but a quoted string
     * ({@code msg="a b"}) and a jinja2 block ({@code {{ a | b }}}, {@code {% ... %}}, {@code {# ... #}}) stay one
     * word, quotes and braces kept. Runs of spaces and the newlines inside a word are kept, so free-form text joins
     * back as written; a lone {@code \} at the end of a line joins it to the next. An unbalanced quote or block is an
     * error.
     */
    public static List<String> arguments(String args) {
        List<String> params = new ArrayList<>();
        String[] items = args.split("\n", -1);
        char quote = 0;
        boolean insideQuotes = false;
        int printDepth = 0;
        int blockDepth = 0;
        int commentDepth = 0;
        for (int itemIdx = 0; itemIdx < items.length; itemIdx++) {
            String[] tokens = items[itemIdx].split(" ", -1);
            boolean lineContinuation = false;
            for (int idx = 0; idx < tokens.length; idx++) {
                String token = tokens[idx];
                if (token.isEmpty() && idx != 0) {
                    if (!params.isEmpty()) {
                        appendToLast(params, " ");
                    }
                    continue;
                }
                if (token.equals("\\") && !insideQuotes) {
                    lineContinuation = true;
                    continue;
                }
                boolean wasInsideQuotes = insideQuotes;
                quote = quoteState(token, quote);
                insideQuotes = quote != 0;
                boolean inBlock = printDepth > 0 || blockDepth > 0 || commentDepth > 0;
                boolean appended = false;
                if (insideQuotes && !wasInsideQuotes && !inBlock) {
                    params.add(token);
                    appended = true;
                } else if ((inBlock || insideQuotes || wasInsideQuotes) && !params.isEmpty()) {
                    if (idx == 0 && wasInsideQuotes) {
                        appendToLast(params, token);
                    } else if (tokens.length > 1) {
                        appendToLast(params, (idx > 0 ? " " : "") + token);
                    } else {
                        appendToLast(params, "\n" + token);
                    }
                    appended = true;
                }
                int before = printDepth;
                printDepth = depth(token, printDepth, "{{", "}}");
                if (printDepth != before && !appended) {
                    params.add(token);
                    appended = true;
                }
                before = blockDepth;
                blockDepth = depth(token, blockDepth, "{%", "%}");
                if (blockDepth != before && !appended) {
                    params.add(token);
                    appended = true;
                }
                before = commentDepth;
                commentDepth = depth(token, commentDepth, "{#", "#}");
                if (commentDepth != before && !appended) {
                    params.add(token);
                    appended = true;
                }
                if (printDepth == 0 && blockDepth == 0 && commentDepth == 0 && !insideQuotes && !appended
                        && !token.isEmpty()) {
                    params.add(token);
                }
            }
            if (items.length > 1 && itemIdx != items.length - 1 && !lineContinuation && !params.isEmpty()) {
                appendToLast(params, "\n");
            }
        }
        if (printDepth > 0 || blockDepth > 0 || commentDepth > 0 || insideQuotes) {
            throw new IllegalArgumentException("an unbalanced " + (insideQuotes ? quote + " quote" : "jinja2 block")
                    + " in: " + args);
        }
        return params;
    }

    /**
     * Ansible's short form {@code path=/tmp/x state=touch} as a map, read as Ansible's {@code parse_kv} reads it:
     * each word of {@link #arguments} that holds an {@code =} (not escaped as {@code \=}) is {@code key=value}, the
     * escapes {@code \n}, {@code \t}, {@code \"}, {@code \\}, {@code \x41} and the like decoded and one pair of
     * surrounding quotes taken off the value.
     *
     * <p>For a module with a free-form parameter ({@code command: chdir=/tmp ls -l}), only words naming one of
     * {@code options} are taken out; the other words, as written, are joined back into the free-form text under
     * {@code freeFormKey} ({@code command: cmd=ls} runs a program called {@code cmd=ls}, as in Ansible). Without a
     * free-form parameter every word must be {@code key=value}.
     */
    public static Map<String, Object> keyValues(String line, String freeFormKey, Set<String> options) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> raw = new ArrayList<>();
        for (String word : arguments(line)) {
            String x = decodeEscapes(word);
            int eq = unescapedEquals(x);
            if (eq < 0) {
                raw.add(x.contains("=") ? x.replace("\\=", "=") : word);
                continue;
            }
            String key = x.substring(0, eq).strip();
            if (freeFormKey != null && !options.contains(key)) {
                raw.add(word);
            } else {
                out.put(key, unquote(x.substring(eq + 1).strip()));
            }
        }
        if (!raw.isEmpty()) {
            if (freeFormKey == null) {
                throw new IllegalArgumentException("'" + raw.get(0) + "' is not key=value");
            }
            out.put(freeFormKey, joined(raw));
        }
        return out;
    }

    private static void appendToLast(List<String> params, String text) {
        params.set(params.size() - 1, params.get(params.size() - 1) + text);
    }

    /** The quote still open after {@code token}, given the one open before it ({@code 0}: none). */
    private static char quoteState(String token, char open) {
        char quote = open;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if ((c == '"' || c == '\'') && (i == 0 || token.charAt(i - 1) != '\\')) {
                if (quote == 0) {
                    quote = c;
                } else if (c == quote) {
                    quote = 0;
                }
            }
        }
        return quote;
    }

    private static int depth(String token, int depth, String open, String close) {
        int opened = count(token, open);
        int closed = count(token, close);
        return opened == closed ? depth : Math.max(0, depth + opened - closed);
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    /** Where {@code key=value} splits: the first {@code =} after the first character that has no {@code \} before it. */
    private static int unescapedEquals(String x) {
        for (int i = x.indexOf('=', 1); i >= 0; i = x.indexOf('=', i + 1)) {
            if (x.charAt(i - 1) != '\\') {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String s) {
        boolean quoted = s.length() > 1 && s.charAt(0) == s.charAt(s.length() - 1)
                && (s.charAt(0) == '"' || s.charAt(0) == '\'') && s.charAt(s.length() - 2) != '\\';
        return quoted ? s.substring(1, s.length() - 1) : s;
    }

    /** Words joined by a space, but not after a word that ends a line. */
    private static String joined(List<String> words) {
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            if (b.length() > 0 && b.charAt(b.length() - 1) != '\n') {
                b.append(' ');
            }
            b.append(w);
        }
        return b.toString();
    }

    static String decodeEscapes(String s) {
        Matcher m = ESCAPE.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String e = m.group();
            String decoded = switch (e.charAt(1)) {
                case 'U', 'u', 'x' -> Character.toString(Integer.parseInt(e.substring(2), 16));
                case 'N' -> Character.toString(Character.codePointOf(e.substring(3, e.length() - 1)));
                case 'a' -> "\u0007";
                case 'b' -> "\b";
                case 'f' -> "\f";
                case 'n' -> "\n";
                case 'r' -> "\r";
                case 't' -> "\t";
                case 'v' -> "\u000b";
                default -> e.substring(1);
            };
            m.appendReplacement(b, Matcher.quoteReplacement(decoded));
        }
        m.appendTail(b);
        return b.toString();
    }
}
