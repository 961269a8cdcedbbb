package dev.kvmforge.runner.template;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.yaml.Yaml;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;

/**
 * YAML text as PyYAML's {@code yaml.dump} writes it under Ansible: {@code to_yaml} puts collections of scalars in flow
 * style ({@code [1, 2]}), {@code to_nice_yaml} uses block style indented by 4; keys are sorted, as PyYAML sorts them.
 * Reading ({@code from_yaml}) goes through the project's one YAML reader.
 */
final class YamlText {

    private YamlText() {
    }

    /** {@code value} as YAML, ending with a newline. */
    static String write(Object value, boolean nice, int indent, boolean sortKeys) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(nice ? DumperOptions.FlowStyle.BLOCK : DumperOptions.FlowStyle.AUTO);
        o.setIndent(Math.max(2, Math.min(9, indent)));
        o.setIndicatorIndent(0);
        o.setAllowUnicode(true);
        o.setPrettyFlow(false);
        Object plain = Plain.of(value);
        return new org.yaml.snakeyaml.Yaml(o).dump(sortKeys ? sorted(plain) : plain);
    }

    private static Object sorted(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), sorted(val)));
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            c.forEach(x -> out.add(sorted(x)));
            return out;
        }
        return v;
    }

    /** The value of YAML text. */
    static Object read(String text) {
        try {
            return Yaml.read(text, "from_yaml").toPlain();
        } catch (KvmforgeException e) {
            throw new TemplateException("from_yaml: " + e.what(), null);
        }
    }
}
