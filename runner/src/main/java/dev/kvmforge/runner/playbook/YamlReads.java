package dev.kvmforge.runner.playbook;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.Suggestions;
import dev.kvmforge.runner.yaml.AnsibleBoolean;
import dev.kvmforge.runner.yaml.YamlList;
import dev.kvmforge.runner.yaml.YamlMap;
import dev.kvmforge.runner.yaml.YamlNode;
import dev.kvmforge.runner.yaml.YamlScalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reading the values of playbook keywords strictly: a mapping, a list, a string, a boolean in Ansible's words, a
 * number; each wrong kind an error at its file:line:column, unknown keys with the nearest valid ones.
 */
final class YamlReads {

    private YamlReads() {
    }

    static void checkKeys(YamlMap m, Set<String> valid, String noun) {
        for (String k : m.keys()) {
            if (!valid.contains(k)) {
                throw KvmforgeException.parse(m.keyLocation(k), "unknown " + noun + " '" + k + "'",
                        Suggestions.hint(k, valid, noun + "s"));
            }
        }
    }

    static YamlMap map(YamlNode n, String what) {
        if (n instanceof YamlMap m) {
            return m;
        }
        if (n instanceof YamlScalar s && s.value() == null) {
            return new YamlMap(Map.of(), Map.of(), n.location());
        }
        throw KvmforgeException.parse(n.location(), what + " must be a mapping, not " + n.describe(), null);
    }

    static YamlList list(YamlMap m, String key) {
        YamlNode n = m.get(key).get();
        if (n instanceof YamlList l) {
            return l;
        }
        if (n instanceof YamlScalar s && s.value() == null) {
            return new YamlList(List.of(), n.location());
        }
        throw KvmforgeException.parse(n.location(), "'" + key + "' must be a list, not " + n.describe(),
                "write each entry on its own line starting with '- '");
    }

    static String string(YamlMap m, String key) {
        return scalarText(m.get(key).get(), "'" + key + "'");
    }

    static String scalarText(YamlNode n, String what) {
        if (n instanceof YamlScalar s && s.value() != null) {
            return s.text();
        }
        throw KvmforgeException.parse(n.location(), what + " must be a string, not " + n.describe(), null);
    }

    static List<String> strings(YamlMap m, String key) {
        YamlNode n = m.get(key).get();
        List<String> out = new ArrayList<>();
        if (n instanceof YamlList l) {
            for (YamlNode i : l.items()) {
                out.add(scalarText(i, "an entry of '" + key + "'"));
            }
        } else if (key.equals("tags")) {
            for (String t : scalarText(n, "'tags'").split(",")) {
                if (!t.isBlank()) {
                    out.add(t.strip());
                }
            }
        } else {
            out.add(scalarText(n, "'" + key + "'"));
        }
        return out;
    }

    static boolean bool(YamlMap m, String key) {
        YamlNode n = m.get(key).get();
        if (n instanceof YamlScalar s) {
            if (s.value() instanceof Boolean b) {
                return b;
            }
            Boolean word = AnsibleBoolean.of(s.text());
            if (word != null) {
                return word;
            }
        }
        throw KvmforgeException.parse(n.location(), "'" + key + "' must be true or false, not '"
                + (n instanceof YamlScalar s ? s.text() : n.describe()) + "'", null);
    }

    /** A number of seconds, whole or not, at least 0. */
    static double seconds(YamlMap m, String key) {
        YamlNode n = m.get(key).get();
        if (n instanceof YamlScalar s) {
            try {
                double v = s.value() instanceof Number num ? num.doubleValue() : Double.parseDouble(s.text().strip());
                if (v >= 0 && Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw KvmforgeException.parse(n.location(), "'" + key + "' must be a number of seconds, such as 2 or 0.5",
                null);
    }

    static int integer(YamlMap m, String key) {
        YamlNode n = m.get(key).get();
        if (n instanceof YamlScalar s) {
            if (s.value() instanceof Number num) {
                return num.intValue();
            }
            try {
                return Integer.parseInt(s.text().strip());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw KvmforgeException.parse(n.location(), "'" + key + "' must be a whole number", null);
    }
}
