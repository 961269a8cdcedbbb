package dev.kvmforge.runner.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host as an inventory file declares it: a name, possibly with ranges ({@code web[01:03].example.com},
 * {@code db-[a:c]}, {@code [1:10:2]} with a step) and an optional {@code :port} ({@code web1:2222},
 * {@code [fe80::1]:22}), expanded to the host names it stands for.
 *
 * @param names the host names, in range order
 * @param port  the port written after the name, or {@code null}
 */
record HostDeclaration(List<String> names, Integer port) {

    /** More hosts than this from one declaration is surely a typo in a range. */
    static final int MAX_HOSTS = 100_000;

    private static final Pattern BRACKETED_PORT = Pattern.compile("^\\[(.+)\\]:(\\d+)$");
    private static final Pattern HOST_PORT = Pattern.compile("^((?:[^:\\[\\]]|\\[[^\\]]*\\])*):(\\d+)$");
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    HostDeclaration {
        names = List.copyOf(names);
    }

    /** Reads {@code text}; a {@link BadSyntax} carries the offset of the problem inside {@code text}. */
    static HostDeclaration parse(String text) {
        String name = text;
        Integer port = null;
        for (Pattern p : List.of(BRACKETED_PORT, HOST_PORT)) {
            Matcher m = p.matcher(name);
            if (m.matches()) {
                name = m.group(1);
                String digits = m.group(2);
                int at = text.length() - digits.length();
                if (digits.length() > 5 || Integer.parseInt(digits) > 65535) {
                    throw new BadSyntax("port " + digits + " is out of range", "a port is 1 to 65535", at);
                }
                port = Integer.parseInt(digits);
            }
        }
        if (port == null && text.endsWith(":")) {
            throw new BadSyntax("host '" + text + "' ends in ':'",
                    "write host:port with a port number, or remove the ':'", text.length() - 1);
        }
        if (name.strip().equals("---")) {
            throw new BadSyntax("'---' is not a host name", "'---' starts a YAML document: give the file a .yml extension", 0);
        }
        if (name.isEmpty()) {
            throw new BadSyntax("empty host name", null, 0);
        }
        for (int k = 0; k < name.length(); k++) {
            if (Character.isWhitespace(name.charAt(k))) {
                throw new BadSyntax("host name '" + name + "' contains whitespace", "a host name is one word", k);
            }
        }
        // an IPv6 address written bare (fe80::1) is not a range and has no port
        List<String> names = name.indexOf('[') >= 0 ? expand(name, 0) : List.of(name);
        return new HostDeclaration(names, port);
    }

    private static List<String> expand(String name, int base) {
        int open = name.indexOf('[');
        if (open < 0) {
            return List.of(name);
        }
        int close = name.indexOf(']', open);
        if (close < 0) {
            throw new BadSyntax("unclosed '[' in host range '" + name + "'", "a range is [begin:end] or [begin:end:step]",
                    base + open);
        }
        String head = name.substring(0, open);
        String range = name.substring(open + 1, close);
        if (head.indexOf(']') >= 0) {
            throw new BadSyntax("stray ']' in host name '" + name + "'", null, base + head.indexOf(']'));
        }
        String[] bounds = range.split(":", -1);
        if (bounds.length != 2 && bounds.length != 3) {
            throw new BadSyntax("bad host range '[" + range + "]'",
                    "a range is [begin:end] or [begin:end:step], e.g. web[01:10] or db-[a:f]", base + open);
        }
        String beg = bounds[0].isEmpty() ? "0" : bounds[0];
        String end = bounds[1];
        if (end.isEmpty()) {
            throw new BadSyntax("host range '[" + range + "]' has no end", "write [begin:end]", base + open);
        }
        int step = 1;
        if (bounds.length == 3) {
            try {
                step = Integer.parseInt(bounds[2]);
            } catch (NumberFormatException e) {
                step = 0;
            }
            if (step <= 0) {
                throw new BadSyntax("host range '[" + range + "]' has a bad step '" + bounds[2] + "'",
                        "the step is a positive number: [1:10:2]", base + open);
            }
        }
        List<String> values = new ArrayList<>();
        if (beg.length() == 1 && end.length() == 1 && LETTERS.indexOf(beg) >= 0 && LETTERS.indexOf(end) >= 0) {
            int b = LETTERS.indexOf(beg);
            int e = LETTERS.indexOf(end);
            if (b > e) {
                throw new BadSyntax("host range '[" + range + "]' begins after it ends", "write [a:c], not [c:a]",
                        base + open);
            }
            for (int k = b; k <= e; k += step) {
                values.add(String.valueOf(LETTERS.charAt(k)));
            }
        } else {
            long b;
            long e;
            try {
                b = Long.parseLong(beg);
                e = Long.parseLong(end);
            } catch (NumberFormatException ex) {
                throw new BadSyntax("host range '[" + range + "]' mixes letters and numbers or is not a range",
                        "bounds are both numbers ([01:20]) or both single letters ([a:f])", base + open);
            }
            if (b < 0 || e < 0) {
                throw new BadSyntax("host range '[" + range + "]' has a negative bound", null, base + open);
            }
            if (b > e) {
                throw new BadSyntax("host range '[" + range + "]' begins after it ends",
                        "write [" + end + ":" + beg + "]", base + open);
            }
            int width = 0;
            if (beg.length() > 1 && beg.charAt(0) == '0') {
                width = beg.length();
                if (width != end.length()) {
                    throw new BadSyntax("zero-padded host range '[" + range + "]' has bounds of different widths",
                            "pad both bounds to the same width, e.g. [01:10]", base + open);
                }
            }
            if ((e - b) / step + 1 > MAX_HOSTS) {
                throw new BadSyntax("host range '[" + range + "]' expands to more than " + MAX_HOSTS + " hosts",
                        "check the bounds", base + open);
            }
            for (long k = b; k <= e; k += step) {
                String digits = Long.toString(k);
                values.add(width > digits.length() ? "0".repeat(width - digits.length()) + digits : digits);
            }
        }
        List<String> tails = expand(name.substring(close + 1), base + close + 1);
        if ((long) values.size() * tails.size() > MAX_HOSTS) {
            throw new BadSyntax("host ranges in '" + name + "' expand to more than " + MAX_HOSTS + " hosts",
                    "check the bounds", base + open);
        }
        List<String> out = new ArrayList<>(values.size() * tails.size());
        for (String v : values) {
            for (String t : tails) {
                out.add(head + v + t);
            }
        }
        return out;
    }
}
