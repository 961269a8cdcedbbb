package dev.kvmforge.runner.yaml;

import dev.kvmforge.runner.error.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/** A YAML sequence. */
public record YamlList(List<YamlNode> items, SourceLocation location) implements YamlNode {

    public YamlList {
        items = List.copyOf(items);
    }

    @Override
    public Object toPlain() {
        List<Object> out = new ArrayList<>(items.size());
        for (YamlNode n : items) {
            out.add(n.toPlain());
        }
        return out;
    }

    @Override
    public String describe() {
        return "a list";
    }
}
