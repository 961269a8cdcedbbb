package dev.kvmforge.runner.inventory;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python literals as {@code ast.literal_eval} reads them, which is how Ansible types INI values: numbers, quoted
 * strings, {@code True}/{@code False}/{@code None}, lists, tuples (as lists), dicts and sets (as lists), and a trailing
 * {@code #} comment. Anything else ({@code yes}, {@code 10.0.0.1}, {@code 0123}, {@code hello world}) is not a literal
 * and the caller keeps the text.
 */
final class PythonLiteral {

    /** A literal that was read: its Java value and its text without surrounding blanks or trailing comment. */
    record Read(Object value, String text) {
    }

    private static final Pattern NUMBER = Pattern.compile(
            "0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+"
                    + "|(?:(?:\\d(?:_?\\d)*)?\\.\\d(?:_?\\d)*|\\d(?:_?\\d)*\\.)(?:[eE][+-]?\\d(?:_?\\d)*)?"
                    + "|\\d(?:_?\\d)*[eE][+-]?\\d(?:_?\\d)*"
                    + "|[1-9](?:_?\\d)*|0(?:_?0)*");

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final String s;
    private int i;

    private PythonLiteral(String s) {
        this.s = s;
    }

    /** The literal in {@code text}, or {@code null} when {@code literal_eval} would refuse it. */
    static Read read(String text) {
        PythonLiteral p = new PythonLiteral(text);
        try {
            return p.whole();
        } catch (NotLiteral e) {
            return null;
        }
    }

    /** Value of an inline host variable: the literal's value, or the text itself. */
    static Object hostValue(String text) {
        Read r = read(text);
        return r == null ? text : r.value();
    }

    /**
     * Value of a {@code [group:vars]} entry: a string, as Ansible documents for those sections. A quoted string loses
     * its quotes, a number or boolean keeps the text written ({@code 8080}, {@code True}), a trailing comment after a
     * literal is dropped; lists and dicts stay structured.
     */
    static Object groupValue(String text) {
        Read r = read(text);
        if (r == null) {
            return text;
        }
        Object v = r.value();
        return v instanceof String || v instanceof List || v instanceof Map ? v : r.text();
    }

    private static final class NotLiteral extends RuntimeException {
        NotLiteral() {
            super(null, null, false, false);
        }
    }

    private static NotLiteral fail() {
        return new NotLiteral();
    }

    private Read whole() {
        skipSpace();
        int start = i;
        if (eof()) {
            throw fail();
        }
        Object v = value();
        int end = i;
        skipSpace();
        if (at(',')) {
            List<Object> tuple = new ArrayList<>();
            tuple.add(v);
            while (at(',')) {
                i++;
                end = i;
                skipSpace();
                if (eof()) {
                    break;
                }
                tuple.add(value());
                end = i;
                skipSpace();
            }
            v = tuple;
        }
        if (!eof()) {
            throw fail();
        }
        return new Read(v, s.substring(start, end).strip());
    }

    private Object value() {
        skipSpace();
        if (eof()) {
            throw fail();
        }
        char c = s.charAt(i);
        switch (c) {
            case '[' -> {
                i++;
                return items(']');
            }
            case '(' -> {
                return parenthesized();
            }
            case '{' -> {
                return braced();
            }
            case '-', '+' -> {
                i++;
                skipSpace();
                if (eof() || !numberStart()) {
                    throw fail();
                }
                Object n = number();
                if (c == '+') {
                    return n;
                }
                if (n instanceof Double d) {
                    return -d;
                }
                return narrow(((n instanceof Long l) ? BigInteger.valueOf(l) : (BigInteger) n).negate());
            }
            case '\'', '"' -> {
                return strings();
            }
            default -> {
                if (numberStart()) {
                    return number();
                }
                if (s.startsWith("...", i)) {
                    i += 3;
                    return "...";
                }
                if (Character.isLetter(c) || c == '_') {
                    int st = i;
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                        i++;
                    }
                    String name = s.substring(st, i);
                    if (!eof() && (at('\'') || at('"')) && name.matches("(?i)[rub]|br|rb")) {
                        i = st;
                        return strings();
                    }
                    return switch (name) {
                        case "True" -> Boolean.TRUE;
                        case "False" -> Boolean.FALSE;
                        case "None" -> null;
                        default -> throw fail();
                    };
                }
                throw fail();
            }
        }
    }

    private List<Object> items(char close) {
        List<Object> out = new ArrayList<>();
        while (true) {
            skipSpace();
            if (at(close)) {
                i++;
                return out;
            }
            out.add(value());
            skipSpace();
            if (at(',')) {
                i++;
            } else if (at(close)) {
                i++;
                return out;
            } else {
                throw fail();
            }
        }
    }

    private Object parenthesized() {
        i++;
        skipSpace();
        if (at(')')) {
            i++;
            return new ArrayList<>();
        }
        Object first = value();
        skipSpace();
        if (at(')')) {
            i++;
            return first;
        }
        if (!at(',')) {
            throw fail();
        }
        i++;
        List<Object> rest = items(')');
        rest.add(0, first);
        return rest;
    }

    private Object braced() {
        i++;
        skipSpace();
        if (at('}')) {
            i++;
            return new LinkedHashMap<String, Object>();
        }
        Object first = value();
        skipSpace();
        if (!at(':')) {
            if (first instanceof List || first instanceof Map) {
                throw fail(); // unhashable in a set
            }
            List<Object> set = new ArrayList<>();
            set.add(first);
            skipSpace();
            if (at(',')) {
                i++;
                for (Object o : items('}')) {
                    if (!set.contains(o)) {
                        set.add(o);
                    }
                }
            } else if (at('}')) {
                i++;
            } else {
                throw fail();
            }
            return set;
        }
        Map<String, Object> dict = new LinkedHashMap<>();
        Object key = first;
        while (true) {
            if (key instanceof List || key instanceof Map) {
                throw fail(); // unhashable key
            }
            expect(':');
            dict.put(key instanceof String k ? k : repr(key), value());
            skipSpace();
            if (at(',')) {
                i++;
                skipSpace();
                if (at('}')) {
                    i++;
                    return dict;
                }
                key = value();
                skipSpace();
            } else {
                expect('}');
                return dict;
            }
        }
    }

    private boolean numberStart() {
        char c = s.charAt(i);
        return Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)));
    }

    private Object number() {
        Matcher m = NUMBER.matcher(s).region(i, s.length());
        if (!m.lookingAt()) {
            throw fail();
        }
        String text = m.group().replace("_", "");
        i = m.end();
        if (!eof() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '.')) {
            throw fail(); // 0123, 1.2.3, 12abc, 1j
        }
        String lower = text.toLowerCase();
        if (lower.startsWith("0x")) {
            return narrow(new BigInteger(text.substring(2), 16));
        }
        if (lower.startsWith("0o")) {
            return narrow(new BigInteger(text.substring(2), 8));
        }
        if (lower.startsWith("0b")) {
            return narrow(new BigInteger(text.substring(2), 2));
        }
        if (text.contains(".") || lower.contains("e")) {
            return Double.parseDouble(text);
        }
        return narrow(new BigInteger(text));
    }

    private static Object narrow(BigInteger b) {
        return b.compareTo(LONG_MIN) >= 0 && b.compareTo(LONG_MAX) <= 0 ? (Object) b.longValue() : b;
    }

    /** One or more adjacent string literals, concatenated as Python does. */
    private String strings() {
        StringBuilder out = new StringBuilder();
        int after;
        do {
            out.append(string());
            after = i;
            skipSpace();
        } while (!eof() && (at('\'') || at('"') || prefixedString()));
        i = after;
        return out.toString();
    }

    private boolean prefixedString() {
        int j = i;
        while (j < s.length() && j - i < 2 && "rRuUbB".indexOf(s.charAt(j)) >= 0) {
            j++;
        }
        return j > i && j < s.length() && (s.charAt(j) == '\'' || s.charAt(j) == '"');
    }

    private String string() {
        boolean raw = false;
        boolean bytes = false;
        while ("rRuUbB".indexOf(s.charAt(i)) >= 0) {
            char p = Character.toLowerCase(s.charAt(i));
            raw |= p == 'r';
            bytes |= p == 'b';
            i++;
        }
        char q = s.charAt(i);
        boolean triple = s.startsWith(String.valueOf(q).repeat(3), i);
        i += triple ? 3 : 1;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (eof()) {
                throw fail();
            }
            char c = s.charAt(i);
            if (c == q && (!triple || s.startsWith(String.valueOf(q).repeat(3), i))) {
                i += triple ? 3 : 1;
                return out.toString();
            }
            if (c == '\\') {
                if (i + 1 >= s.length()) {
                    throw fail();
                }
                char e = s.charAt(i + 1);
                if (raw) {
                    out.append(c).append(e);
                    i += 2;
                    continue;
                }
                i += 2;
                escape(e, bytes, out);
                continue;
            }
            out.append(c);
            i++;
        }
    }

    private void escape(char e, boolean bytes, StringBuilder out) {
        switch (e) {
            case '\n' -> {
            }
            case '\\', '\'', '"' -> out.append(e);
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            case 'x' -> out.appendCodePoint(hex(2));
            case 'u' -> {
                if (bytes) {
                    out.append('\\').append(e);
                } else {
                    out.appendCodePoint(hex(4));
                }
            }
            case 'U' -> {
                if (bytes) {
                    out.append('\\').append(e);
                } else {
                    out.appendCodePoint(hex(8));
                }
            }
            case 'N' -> throw fail();
            default -> {
                if (e >= '0' && e <= '7') {
                    int v = e - '0';
                    for (int k = 0; k < 2 && !eof() && s.charAt(i) >= '0' && s.charAt(i) <= '7'; k++) {
                        v = v * 8 + (s.charAt(i++) - '0');
                    }
                    out.append((char) v);
                } else {
                    out.append('\\').append(e);
                }
            }
        }
    }

    private int hex(int digits) {
        if (i + digits > s.length()) {
            throw fail();
        }
        try {
            int cp = Integer.parseInt(s.substring(i, i + digits), 16);
            if (!Character.isValidCodePoint(cp)) {
                throw fail();
            }
            i += digits;
            return cp;
        } catch (NumberFormatException e) {
            throw fail();
        }
    }

    private void expect(char c) {
        skipSpace();
        if (!at(c)) {
            throw fail();
        }
        i++;
    }

    private void skipSpace() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\f') {
                i++;
            } else if (c == '#') {
                i = s.length();
            } else {
                return;
            }
        }
    }

    private boolean eof() {
        return i >= s.length();
    }

    private boolean at(char c) {
        return i < s.length() && s.charAt(i) == c;
    }

    /** A value printed as Python's {@code str()} would print it ({@code True}, {@code None}, {@code ['a', 1]}). */
    static String str(Object v) {
        return v instanceof String text ? text : repr(v);
    }

    /** A value printed as Python's {@code repr()} would print it. */
    static String repr(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof String text) {
            String q = text.contains("'") && !text.contains("\"") ? "\"" : "'";
            return q + text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
                    .replace(q, "\\" + q) + q;
        }
        if (v instanceof Map<?, ?> map) {
            StringBuilder b = new StringBuilder("{");
            map.forEach((k, val) -> b.append(b.length() > 1 ? ", " : "").append(repr(k)).append(": ").append(repr(val)));
            return b.append('}').toString();
        }
        if (v instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[");
            for (Object o : list) {
                b.append(b.length() > 1 ? ", " : "").append(repr(o));
            }
            return b.append(']').toString();
        }
        return String.valueOf(v);
    }
}
