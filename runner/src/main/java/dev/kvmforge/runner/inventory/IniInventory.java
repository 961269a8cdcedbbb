package dev.kvmforge.runner.inventory;

import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.SourceLocation;
import dev.kvmforge.runner.error.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an inventory in Ansible's INI format into a {@link RawInventory}.
 *
 * <p>Sections are {@code [group]} (hosts), {@code [group:vars]} and {@code [group:children]}; lines before any section
 * are hosts of {@code ungrouped}; {@code #} and {@code ;} start comment lines. A host line is a host (with ranges and
 * {@code :port}) followed by {@code key=value} words split as a shell would; inline values are typed as Python
 * literals ({@code 22} a number, {@code True} a boolean, {@code "'22'"} a string). Values in {@code [group:vars]} are
 * strings. A child group or a {@code :vars} section must name a group that some section of the same file (or an
 * earlier source) declares.
 */
final class IniInventory {

    private static final Pattern SECTION = Pattern.compile("^\\[([^:\\]\\s]+)(?::(\\w+))?\\]\\s*(?:#.*)?$",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern GROUP_NAME = Pattern.compile("^([^:\\]\\s]+)\\s*(?:#.*)?$");
    private static final List<String> SECTION_TYPES = List.of("hosts", "vars", "children");

    private final String source;
    private final RawInventory raw;
    /** Children named before their group is declared: child -> where it was named and by which parents. */
    private final Map<String, Pending> pendingChildren = new LinkedHashMap<>();
    /** [group:vars] sections of groups not declared (yet). */
    private final Map<String, SourceLocation> pendingVars = new LinkedHashMap<>();

    private record Pending(SourceLocation at, List<String> parents, List<SourceLocation> where) {
    }

    private IniInventory(String source, RawInventory raw) {
        this.source = source;
        this.raw = raw;
    }

    static void read(String text, String source, RawInventory raw) {
        new IniInventory(source, raw).read(text);
    }

    private void read(String text) {
        String group = RawInventory.UNGROUPED;
        String state = "hosts";
        String[] lines = text.split("\\R", -1);
        for (int n = 0; n < lines.length; n++) {
            int lineNo = n + 1;
            String line = lines[n];
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = " " + line.substring(1);
            }
            String body = line.strip();
            if (body.isEmpty() || body.charAt(0) == '#' || body.charAt(0) == ';') {
                continue;
            }
            int lead = line.indexOf(body.charAt(0));
            Matcher m = SECTION.matcher(body);
            if (m.matches()) {
                group = m.group(1);
                state = m.group(2) == null ? "hosts" : m.group(2);
                if (!SECTION_TYPES.contains(state)) {
                    throw KvmforgeException.parse(at(lineNo, lead + m.start(2)),
                            "section [" + group + ":" + state + "] has an unknown type '" + state + "'",
                            Suggestions.hint(state, SECTION_TYPES, "section types"));
                }
                declare(group, state, at(lineNo, lead));
                continue;
            }
            if (body.startsWith("[") && body.endsWith("]")) {
                throw KvmforgeException.parse(at(lineNo, lead), "malformed section header " + body,
                        "a section is [group], [group:vars] or [group:children], with no spaces inside the brackets");
            }
            switch (state) {
                case "hosts" -> hostLine(group, line, lineNo);
                case "vars" -> varLine(group, body, lineNo, lead);
                default -> childLine(group, body, lineNo, lead);
            }
        }
        for (Map.Entry<String, Pending> e : pendingChildren.entrySet()) {
            Pending p = e.getValue();
            throw KvmforgeException.parse(p.at(), "section [" + p.parents().get(0) + ":children] names group '"
                    + e.getKey() + "', which no section declares", undeclaredHint(e.getKey()));
        }
        for (Map.Entry<String, SourceLocation> e : pendingVars.entrySet()) {
            throw KvmforgeException.parse(e.getValue(), "section [" + e.getKey() + ":vars] is for group '" + e.getKey()
                    + "', which no section declares", undeclaredHint(e.getKey()));
        }
    }

    private String undeclaredHint(String group) {
        List<String> near = Suggestions.nearest(group, raw.groups.keySet().stream()
                .filter(g -> !g.equals(group) && !pendingChildren.containsKey(g)).toList());
        String declare = "declare it with [" + group + "] (it may stay empty)";
        return near.isEmpty() ? declare : "did you mean " + String.join(", ", near) + "? otherwise " + declare;
    }

    private void declare(String group, String state, SourceLocation at) {
        boolean known = raw.hasGroup(group);
        if (state.equals("vars")) {
            if (!known && !pendingChildren.containsKey(group)) {
                pendingVars.putIfAbsent(group, at);
            }
            raw.group(group);
            return;
        }
        raw.group(group);
        pendingVars.remove(group);
        Pending p = pendingChildren.remove(group);
        if (p != null) {
            for (int k = 0; k < p.parents().size(); k++) {
                raw.addChild(p.parents().get(k), group, p.where().get(k));
            }
        }
    }

    private void hostLine(String group, String line, int lineNo) {
        List<ShellWords.Word> words;
        try {
            words = ShellWords.split(line);
        } catch (BadSyntax e) {
            throw e.at(source, lineNo, 0);
        }
        if (words.isEmpty()) {
            return;
        }
        ShellWords.Word first = words.get(0);
        HostDeclaration declared;
        try {
            declared = HostDeclaration.parse(first.text());
        } catch (BadSyntax e) {
            throw e.at(source, lineNo, first.offset());
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        if (declared.port() != null) {
            vars.put("ansible_port", declared.port().longValue());
        }
        for (ShellWords.Word w : words.subList(1, words.size())) {
            int eq = w.text().indexOf('=');
            if (eq < 0) {
                throw KvmforgeException.parse(at(lineNo, w.offset()),
                        "expected key=value after the host name, found '" + w.text() + "'",
                        "host variables are written key=value; quote values that contain spaces: key=\"a b\"");
            }
            if (eq == 0) {
                throw KvmforgeException.parse(at(lineNo, w.offset()), "variable without a name: '" + w.text() + "'",
                        "write key=value");
            }
            vars.put(w.text().substring(0, eq), PythonLiteral.hostValue(w.text().substring(eq + 1)));
        }
        for (String host : declared.names()) {
            raw.addHost(group, host, vars);
        }
    }

    private void varLine(String group, String body, int lineNo, int lead) {
        int eq = body.indexOf('=');
        if (eq < 0) {
            throw KvmforgeException.parse(at(lineNo, lead), "expected key=value in [" + group + ":vars], found '" + body + "'",
                    "a :vars section holds one key=value per line");
        }
        String key = body.substring(0, eq).strip();
        if (key.isEmpty()) {
            throw KvmforgeException.parse(at(lineNo, lead), "variable without a name in [" + group + ":vars]",
                    "write key=value");
        }
        raw.setGroupVar(group, key, PythonLiteral.groupValue(body.substring(eq + 1).strip()), at(lineNo, lead));
    }

    private void childLine(String group, String body, int lineNo, int lead) {
        Matcher m = GROUP_NAME.matcher(body);
        if (!m.matches()) {
            throw KvmforgeException.parse(at(lineNo, lead), "expected a group name in [" + group + ":children], found '"
                    + body + "'", "a :children section lists one group name per line");
        }
        String child = m.group(1);
        SourceLocation where = at(lineNo, lead);
        if (raw.hasGroup(child)) {
            raw.addChild(group, child, where);
        } else {
            Pending p = pendingChildren.computeIfAbsent(child, c -> new Pending(where, new ArrayList<>(), new ArrayList<>()));
            p.parents().add(group);
            p.where().add(where);
        }
    }

    private SourceLocation at(int line, int offset) {
        return new SourceLocation(source, line, offset + 1);
    }
}
