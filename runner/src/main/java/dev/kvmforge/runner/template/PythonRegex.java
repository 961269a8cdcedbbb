package dev.kvmforge.runner.template;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression written for Python's {@code re}, as Ansible's regex filters and tests take them, compiled for
 * Java: {@code (?P<name>...)} and {@code (?P=name)} groups, {@code \Z}, and replacements with {@code \1} and
 * {@code \g<name>}. Group names are renamed inside (Java's may not hold {@code _}).
 *
 * @param pattern the compiled expression
 * @param groups  the Python group names and the names Java knows them by
 */
public record PythonRegex(Pattern pattern, Map<String, String> groups) {

    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?P<([A-Za-z_][A-Za-z0-9_]*)>");
    private static final Pattern BACKREF = Pattern.compile("\\(\\?P=([A-Za-z_][A-Za-z0-9_]*)\\)");

    /** Compiles {@code python} with Python's {@code re.I} and {@code re.M} flags as asked. */
    public static PythonRegex compile(String python, boolean ignoreCase, boolean multiline) {
        Map<String, String> groups = new HashMap<>();
        Matcher m = NAMED_GROUP.matcher(python);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String java = "g" + groups.size() + "x" + m.group(1).replace("_", "");
            groups.put(m.group(1), java);
            m.appendReplacement(b, Matcher.quoteReplacement("(?<" + java + ">"));
        }
        m.appendTail(b);
        Matcher r = BACKREF.matcher(b.toString());
        StringBuilder c = new StringBuilder();
        while (r.find()) {
            String java = groups.getOrDefault(r.group(1), r.group(1));
            r.appendReplacement(c, Matcher.quoteReplacement("\\k<" + java + ">"));
        }
        r.appendTail(c);
        String text = c.toString().replace("\\Z", "\\z");
        int flags = (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0) | (multiline ? Pattern.MULTILINE : 0);
        try {
            return new PythonRegex(Pattern.compile(text, flags), Map.copyOf(groups));
        } catch (PatternSyntaxException e) {
            throw new TemplateException("invalid regular expression '" + python + "': " + e.getDescription(), null);
        }
    }

    /** The Java name of a group given as Python names it: a number or a name. */
    public String group(String pythonName) {
        return pythonName.matches("\\d+") ? pythonName : groups.getOrDefault(pythonName, pythonName);
    }

    /** The text of group {@code pythonName} in a match. */
    public String group(Matcher m, String pythonName) {
        String g = group(pythonName);
        return g.matches("\\d+") ? m.group(Integer.parseInt(g)) : m.group(g);
    }

    /** A Python replacement ({@code \1}, {@code \g<1>}, {@code \g<name>}, {@code \n}) as Java's replacement text. */
    public String replacement(String python) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < python.length(); i++) {
            char ch = python.charAt(i);
            if (ch == '$') {
                out.append("\\$");
            } else if (ch == '\\' && i + 1 < python.length()) {
                char n = python.charAt(++i);
                if (Character.isDigit(n)) {
                    int j = i;
                    while (j + 1 < python.length() && j - i < 1 && Character.isDigit(python.charAt(j + 1))) {
                        j++;
                    }
                    out.append('$').append(python, i, j + 1);
                    i = j;
                } else if (n == 'g' && i + 1 < python.length() && python.charAt(i + 1) == '<') {
                    int end = python.indexOf('>', i);
                    String name = python.substring(i + 2, end);
                    String g = group(name);
                    out.append(g.matches("\\d+") ? "$" + g : "${" + g + "}");
                    i = end;
                } else {
                    switch (n) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case '\\' -> out.append("\\\\");
                        default -> out.append("\\\\").append(n == '$' ? "\\$" : String.valueOf(n));
                    }
                }
            } else if (ch == '\\') {
                out.append("\\\\");
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
