package dev.kvmforge.checks.conf;

import dev.kvmforge.runner.error.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed libvirt configuration file. {@link #setting(String)} answers as libvirt does: the first statement of that
 * name counts, later ones are ignored (see {@link #ignored(String)}).
 *
 * @param source   the file, for messages
 * @param settings every statement, in order
 */
public record LibvirtConfig(String source, List<ConfigSetting> settings) {

    public LibvirtConfig {
        settings = List.copyOf(settings);
    }

    /**
     * Reads the text of a libvirt configuration file.
     *
     * @param source the file's name, for messages
     * @throws ConfigSyntaxException where libvirt's parser would stop too, with line and column
     */
    public static LibvirtConfig parse(String text, String source) {
        return new LibvirtConfig(source, new Parser(text, source).statements());
    }

    /** The setting that counts for {@code name}: the first one. */
    public Optional<ConfigSetting> setting(String name) {
        return settings.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Later settings of {@code name}, which libvirt ignores. */
    public List<ConfigSetting> ignored(String name) {
        List<ConfigSetting> all = settings.stream().filter(s -> s.name().equals(name)).toList();
        return all.size() <= 1 ? List.of() : all.subList(1, all.size());
    }

    /** The string value of {@code name}; empty when unset; a number is given as its digits. */
    public Optional<String> text(String name) {
        return setting(name).map(s -> {
            if (s.value() instanceof ConfigValue.Text t) {
                return t.value();
            }
            if (s.value() instanceof ConfigValue.Number n) {
                return Long.toString(n.value());
            }
            throw new IllegalStateException(at(s) + ": " + name + " is a list, where a single value is expected");
        });
    }

    /** The strings of {@code name}: one for a single value, each element for a list; empty when unset. */
    public List<String> texts(String name) {
        Optional<ConfigSetting> s = setting(name);
        if (s.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        collect(s.get().value(), out);
        return out;
    }

    private static void collect(ConfigValue v, List<String> out) {
        if (v instanceof ConfigValue.ListValue l) {
            l.values().forEach(x -> collect(x, out));
        } else if (v instanceof ConfigValue.Text t) {
            out.add(t.value());
        } else if (v instanceof ConfigValue.Number n) {
            out.add(Long.toString(n.value()));
        }
    }

    /** The integer value of {@code name}; empty when unset. */
    public Optional<Long> number(String name) {
        return setting(name).map(s -> {
            if (s.value() instanceof ConfigValue.Number n) {
                return n.value();
            }
            throw new IllegalStateException(at(s) + ": " + name + " = " + s.value().written()
                    + " is not a number (libvirt refuses to start with a string or list here)");
        });
    }

    /** {@code /etc/libvirt/libvirtd.conf:12}, for messages. */
    public String at(ConfigSetting s) {
        return source + ":" + s.line();
    }

    /** The recursive-descent reader, following libvirt's virconf grammar. */
    private static final class Parser {
        private final String text;
        private final String source;
        private int pos;
        private int line = 1;
        private int lineStart;

        Parser(String text, String source) {
            this.text = text;
            this.source = source;
        }

        List<ConfigSetting> statements() {
            List<ConfigSetting> out = new ArrayList<>();
            while (pos < text.length()) {
                skipBlanksAndEol();
                if (pos >= text.length()) {
                    break;
                }
                if (cur() == '#') {
                    skipToEol();
                } else {
                    out.add(statement());
                }
                separator();
            }
            return out;
        }

        private ConfigSetting statement() {
            int startLine = line;
            String name = name();
            skipBlanks();
            if (pos >= text.length() || cur() != '=') {
                throw error("expecting '=' after " + name);
            }
            pos++;
            skipBlanks();
            ConfigValue v = value();
            skipBlanks();
            if (pos < text.length() && cur() == '#') {
                skipToEol();
            }
            return new ConfigSetting(name, v, startLine);
        }

        private void separator() {
            skipBlanks();
            if (pos >= text.length()) {
                return;
            }
            char c = cur();
            if (c == '\n' || c == '\r') {
                skipBlanksAndEol();
            } else if (c == ';') {
                pos++;
                skipBlanksAndEol();
            } else {
                throw error("expecting a new line or ';' after a setting, found '" + c + "'");
            }
        }

        private String name() {
            int start = pos;
            if (pos >= text.length() || !isAsciiLetter(cur())) {
                throw error("expecting a setting name");
            }
            while (pos < text.length() && (isAsciiLetter(cur()) || isAsciiDigit(cur()) || cur() == '_')) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private ConfigValue value() {
            if (pos >= text.length()) {
                throw error("expecting a value");
            }
            char c = cur();
            if (c == '"' || c == '\'') {
                return new ConfigValue.Text(string());
            }
            if (c == '[') {
                return list();
            }
            if (isAsciiDigit(c) || c == '-' || c == '+') {
                return number();
            }
            throw error("expecting a value (a number, a quoted string or a [list]), found '" + c + "'");
        }

        private ConfigValue list() {
            pos++;
            skipBlanksAndEol();
            List<ConfigValue> values = new ArrayList<>();
            if (pos < text.length() && cur() != ']') {
                values.add(value());
                skipBlanksAndEol();
            }
            while (pos < text.length() && cur() != ']') {
                if (cur() != ',') {
                    throw error("expecting ',' or ']' in a list");
                }
                pos++;
                skipBlanksAndEol();
                if (pos < text.length() && cur() == ']') {
                    break;
                }
                values.add(value());
                skipBlanksAndEol();
            }
            if (pos >= text.length()) {
                throw error("list is not closed with ]");
            }
            pos++;
            return new ConfigValue.ListValue(values);
        }

        private ConfigValue number() {
            boolean negative = cur() == '-';
            if (cur() == '-' || cur() == '+') {
                pos++;
            }
            int start = pos;
            while (pos < text.length() && isAsciiDigit(cur())) {
                pos++;
            }
            if (start == pos) {
                throw error("unterminated number");
            }
            try {
                long v = Long.parseLong(text.substring(start, pos));
                return new ConfigValue.Number(negative ? -v : v);
            } catch (NumberFormatException e) {
                throw error("number out of range");
            }
        }

        private String string() {
            if (text.startsWith("\"\"\"", pos)) {
                int start = pos + 3;
                int end = text.indexOf("\"\"\"", start);
                if (end < 0) {
                    throw error("unterminated \"\"\" string");
                }
                for (int i = start; i < end; i++) {
                    if (text.charAt(i) == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                }
                pos = end + 3;
                return text.substring(start, end);
            }
            char quote = cur();
            int start = ++pos;
            while (pos < text.length() && cur() != quote && cur() != '\n' && cur() != '\r') {
                pos++;
            }
            if (pos >= text.length() || cur() != quote) {
                throw error("unterminated string");
            }
            return text.substring(start, pos++);
        }

        private void skipBlanks() {
            while (pos < text.length() && (cur() == ' ' || cur() == '\t')) {
                pos++;
            }
        }

        private void skipBlanksAndEol() {
            while (pos < text.length() && (cur() == ' ' || cur() == '\t' || cur() == '\n' || cur() == '\r')) {
                if (cur() == '\n') {
                    line++;
                    lineStart = pos + 1;
                }
                pos++;
            }
        }

        private void skipToEol() {
            while (pos < text.length() && cur() != '\n' && cur() != '\r') {
                pos++;
            }
        }

        private char cur() {
            return text.charAt(pos);
        }

        private static boolean isAsciiLetter(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        private static boolean isAsciiDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private ConfigSyntaxException error(String what) {
            return new ConfigSyntaxException(new SourceLocation(source, line, pos - lineStart + 1), what);
        }
    }
}
