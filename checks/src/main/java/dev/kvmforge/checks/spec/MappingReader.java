package dev.kvmforge.checks.spec;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.SourceLocation;
import dev.kvmforge.runner.error.Suggestions;
import dev.kvmforge.runner.yaml.YamlList;
import dev.kvmforge.runner.yaml.YamlMap;
import dev.kvmforge.runner.yaml.YamlNode;
import dev.kvmforge.runner.yaml.YamlScalar;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A YAML mapping of a spec or waivers file, read key by key: every error is a {@code PARSE} error at the file:line:column
 * of the key or value at fault, an unknown key comes with the nearest valid ones, and a value of the wrong kind says
 * what was expected and what was written.
 */
public final class MappingReader {

    private final YamlMap map;
    private final String what;

    private MappingReader(YamlMap map, String what) {
        this.map = map;
        this.what = what;
    }

    /**
     * {@code node} as a mapping.
     *
     * @param what what it is, for messages: {@code a check}, {@code the file test}
     */
    public static MappingReader of(YamlNode node, String what) {
        if (node instanceof YamlMap m) {
            return new MappingReader(m, what);
        }
        throw KvmforgeException.parse(node.location(), what + " must be a mapping (key: value lines), not "
                + node.describe(), null);
    }

    /** The items of a list, each a mapping; {@code what} names the list ({@code a spec file}) and {@code item} one item. */
    public static List<MappingReader> list(YamlNode node, String what, String item) {
        if (!(node instanceof YamlList l)) {
            throw KvmforgeException.parse(node.location(), what + " must be a list ('- ' items) of " + item + "s, not "
                    + node.describe(), "start each " + item + " with '- '");
        }
        List<MappingReader> items = new ArrayList<>();
        for (YamlNode n : l.items()) {
            items.add(of(n, "a " + item));
        }
        return items;
    }

    /** Where the mapping starts. */
    public SourceLocation location() {
        return map.location();
    }

    /** Where {@code key} was written (the mapping's start when it is absent). */
    public SourceLocation at(String key) {
        return map.keyLocation(key);
    }

    /** Where the value of {@code key} starts. */
    public SourceLocation valueAt(String key) {
        return map.get(key).map(YamlNode::location).orElse(at(key));
    }

    public boolean has(String key) {
        return map.has(key);
    }

    public Collection<String> keys() {
        return map.keys();
    }

    /**
     * Refuses keys not in {@code valid}: the first unknown key is an error with the nearest valid ones.
     *
     * @param noun what the keys are, for the hint when none is near: {@code keys of a file test}
     */
    public MappingReader onlyKeys(Collection<String> valid, String noun) {
        for (String key : map.keys()) {
            if (!valid.contains(key)) {
                throw KvmforgeException.parse(at(key), "unknown key '" + key + "' in " + what,
                        Suggestions.hint(key, valid, noun));
            }
        }
        return this;
    }

    /** A required text (numbers and booleans written plainly are taken as their text). */
    public String text(String key) {
        return optionalText(key).orElseThrow(() -> missing(key));
    }

    /** A text, when the key is there. */
    public Optional<String> optionalText(String key) {
        Optional<YamlNode> v = map.get(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get() instanceof YamlScalar s && s.value() != null) {
            return Optional.of(s.text());
        }
        throw wrong(key, "a text", v.get());
    }

    /** A text that YAML must not have read as a number ({@code mode: 0640} is a number: quote it). */
    public Optional<String> quotedText(String key, String example) {
        Optional<YamlNode> v = map.get(key);
        if (v.isPresent() && v.get() instanceof YamlScalar s && s.value() instanceof Number) {
            throw KvmforgeException.parse(valueAt(key), key + " must be quoted text in " + what + ", not a number",
                    "write it in quotes: " + key + ": '" + example + "' (YAML reads an unquoted 0640 as the number 416)");
        }
        return optionalText(key);
    }

    /** {@code true} or {@code false}, when the key is there. */
    public Optional<Boolean> bool(String key) {
        Optional<YamlNode> v = map.get(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get() instanceof YamlScalar s && s.value() instanceof Boolean b) {
            return Optional.of(b);
        }
        throw wrong(key, "true or false", v.get());
    }

    /** A whole number, when the key is there. */
    public Optional<Long> number(String key) {
        Optional<YamlNode> v = map.get(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get() instanceof YamlScalar s && s.value() instanceof Long n) {
            return Optional.of(n);
        }
        throw wrong(key, "a whole number", v.get());
    }

    /** One text or a list of texts; empty when the key is absent. */
    public List<String> texts(String key) {
        Optional<YamlNode> v = map.get(key);
        if (v.isEmpty()) {
            return List.of();
        }
        if (v.get() instanceof YamlScalar s && s.value() != null) {
            return List.of(s.text());
        }
        if (v.get() instanceof YamlList l) {
            List<String> out = new ArrayList<>();
            for (YamlNode n : l.items()) {
                if (n instanceof YamlScalar s && s.value() != null) {
                    out.add(s.text());
                } else {
                    throw KvmforgeException.parse(n.location(), "each item of " + key + " in " + what
                            + " must be a text, not " + n.describe(), null);
                }
            }
            return out;
        }
        throw wrong(key, "a text or a list of texts", v.get());
    }

    /** The value of {@code key} as a mapping. */
    public MappingReader mapping(String key, String itsWhat) {
        return of(map.get(key).orElseThrow(() -> missing(key)), itsWhat);
    }

    /** An error about the value of {@code key}. */
    public KvmforgeException error(String key, String message, String hint) {
        return KvmforgeException.parse(valueAt(key), message, hint);
    }

    /** An error about the mapping as a whole. */
    public KvmforgeException error(String message, String hint) {
        return KvmforgeException.parse(location(), message, hint);
    }

    private KvmforgeException missing(String key) {
        return KvmforgeException.parse(location(), what + " needs '" + key + "'", null);
    }

    private KvmforgeException wrong(String key, String expected, YamlNode got) {
        return KvmforgeException.parse(got.location(), key + " in " + what + " must be " + expected + ", not "
                + got.describe(), null);
    }
}
