package dev.kvmforge.runner.inventory;

import dev.kvmforge.runner.error.KvmforgeException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Ansible host patterns, as {@code hosts:} and {@code --limit} take them.
 *
 * <ul>
 *   <li>{@code all} or {@code *}: every host; a host name; a group name (its hosts and its children's);</li>
 *   <li>wildcards {@code web*}, {@code db-?}, {@code [ab]*} matched against group and host names;</li>
 *   <li>{@code ~regex}: a regular expression matched from the start of group and host names;</li>
 *   <li>a subscript on a term: {@code webservers[0]}, {@code webservers[-1]}, {@code webservers[0:2]} (inclusive),
 *       {@code webservers[1:]};</li>
 *   <li>lists joined by {@code ,} (or {@code :} when there is no comma) where {@code !x} excludes and {@code &x}
 *       intersects. As in Ansible the order written does not matter: the plain terms are united first, then the
 *       {@code &} terms intersect, then the {@code !} terms exclude; with no plain term, {@code all} is implied.</li>
 * </ul>
 *
 * <p>A term that matches no host or group is not an error here: {@link Selection#unmatched()} lists it so the caller
 * can warn. A malformed pattern (a bad regular expression, a lone {@code !}) is an {@code OPTIONS} error.
 */
public final class HostPattern {

    private static final Pattern SUBSCRIPT = Pattern.compile("^(.+)\\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\\]$");
    private static final Pattern COLON_TERMS = Pattern.compile("(?:[^\\s:\\[\\]]|\\[[^\\]]*\\])+");
    /** A bare IPv6 address ({@code fe80::1}, {@code 2001:db8:0:0:0:0:0:1}) is one term, not a list split at ':'. */
    private static final Pattern IPV6 = Pattern.compile("^(?=.*::|(?:[^:]*:){7})[0-9a-fA-F:.]+$");

    private final String text;
    private final List<Term> terms;

    /** What a pattern selects in one inventory. */
    public record Selection(List<InventoryHost> hosts, List<String> unmatched) {
        public Selection {
            hosts = List.copyOf(hosts);
            unmatched = List.copyOf(unmatched);
        }
    }

    private enum Op { UNION, INTERSECT, EXCLUDE }

    private record Term(String written, Op op, String expr, Pattern matcher, boolean wildcard, Integer from, Integer to) {

        /** A regular expression matches from the start of the name, a wildcard the whole name (as Ansible). */
        boolean matches(String name) {
            Matcher m = matcher.matcher(name);
            return expr.startsWith("~") ? m.lookingAt() : m.matches();
        }
    }

    private HostPattern(String text, List<Term> terms) {
        this.text = text;
        this.terms = terms;
    }

    /** Reads a pattern; null or blank means {@code all}. */
    public static HostPattern parse(String text) {
        String t = text == null || text.isBlank() ? "all" : text.strip();
        List<Term> terms = new ArrayList<>();
        for (String written : split(t)) {
            terms.add(term(written));
        }
        if (terms.isEmpty()) {
            terms.add(term("all"));
        }
        List<Term> ordered = new ArrayList<>();
        for (Op op : Op.values()) {
            terms.stream().filter(x -> x.op() == op).forEach(ordered::add);
        }
        if (ordered.get(0).op() != Op.UNION) {
            ordered.add(0, term("all"));
        }
        return new HostPattern(t, List.copyOf(ordered));
    }

    /** The terms as written, in the order they are applied: unions, then intersections, then exclusions. */
    public List<String> terms() {
        return terms.stream().map(Term::written).toList();
    }

    private static List<String> split(String t) {
        List<String> parts = new ArrayList<>();
        if (t.contains(",")) {
            parts.addAll(List.of(t.split(",")));
        } else if (IPV6.matcher(t).matches()) {
            parts.add(t);
        } else {
            Matcher m = COLON_TERMS.matcher(t);
            int covered = 0;
            while (m.find()) {
                if (!t.substring(covered, m.start()).matches("[\\s:]*")) {
                    break;
                }
                parts.add(m.group());
                covered = m.end();
            }
            if (!t.substring(covered).matches("[\\s:]*")) {
                throw KvmforgeException.options("unbalanced brackets in host pattern '" + t + "'",
                        "close each '[', e.g. 'web[0:2]'; separate terms with ',' when a term holds a ':'");
            }
        }
        return parts.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static Term term(String written) {
        Op op = Op.UNION;
        String expr = written;
        if (expr.startsWith("!") || expr.startsWith("&")) {
            op = expr.charAt(0) == '!' ? Op.EXCLUDE : Op.INTERSECT;
            expr = expr.substring(1).strip();
            if (expr.isEmpty()) {
                throw KvmforgeException.options("'" + written + "' in a host pattern names nothing",
                        "write " + written.charAt(0) + "group or " + written.charAt(0) + "host, e.g. '!staging'");
            }
        }
        Integer from = null;
        Integer to = null;
        if (!expr.startsWith("~")) {
            Matcher m = SUBSCRIPT.matcher(expr);
            if (m.matches()) {
                expr = m.group(1);
                if (m.group(2) != null) {
                    from = Integer.parseInt(m.group(2));
                } else {
                    from = Integer.parseInt(m.group(3));
                    to = m.group(5).isEmpty() ? -1 : Integer.parseInt(m.group(5));
                }
            }
        }
        Pattern matcher;
        boolean wildcard;
        if (expr.startsWith("~")) {
            try {
                matcher = Pattern.compile(expr.substring(1));
            } catch (PatternSyntaxException e) {
                throw KvmforgeException.options("bad regular expression in host pattern '" + written + "': "
                        + e.getDescription(), "'~' starts a regular expression, e.g. '~web\\d+'; drop the '~' for a "
                        + "plain name or a wildcard");
            }
            wildcard = true;
        } else {
            matcher = Pattern.compile(glob(expr), Pattern.DOTALL);
            wildcard = expr.contains(".") || expr.contains("?") || expr.contains("*") || expr.contains("[");
        }
        return new Term(written, op, expr, matcher, wildcard, from, to);
    }

    /** Python's {@code fnmatch.translate}: {@code *}, {@code ?}, {@code [seq]}, {@code [!seq]}. */
    static String glob(String p) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        int n = p.length();
        while (i < n) {
            char c = p.charAt(i++);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && p.charAt(j) == '!') {
                    j++;
                }
                if (j < n && p.charAt(j) == ']') {
                    j++;
                }
                while (j < n && p.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    re.append("\\[");
                } else {
                    String inside = p.substring(i, j);
                    i = j + 1;
                    StringBuilder cls = new StringBuilder("[");
                    int k = 0;
                    if (inside.startsWith("!")) {
                        cls.append('^');
                        k = 1;
                    }
                    for (int first = k; k < inside.length(); k++) {
                        char d = inside.charAt(k);
                        if (d == '-' && k > first && k < inside.length() - 1) {
                            cls.append('-');
                        } else if ("\\[]^&-".indexOf(d) >= 0) {
                            cls.append('\\').append(d);
                        } else {
                            cls.append(d);
                        }
                    }
                    re.append(cls).append(']');
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }

    /** The matching hosts in inventory order. */
    public List<InventoryHost> select(Inventory inventory) {
        return match(inventory).hosts();
    }

    /** The terms (as written) that match no host and no group of {@code inventory}. */
    public List<String> unmatched(Inventory inventory) {
        return match(inventory).unmatched();
    }

    /** The hosts selected, in inventory order (an implicit localhost last), and the terms that matched nothing. */
    public Selection match(Inventory inventory) {
        Map<String, InventoryHost> chosen = new LinkedHashMap<>();
        List<String> unmatched = new ArrayList<>();
        for (Term t : terms) {
            List<InventoryHost> found;
            if (t.op() == Op.UNION && inventory.lists(t.written())) {
                // as in Ansible, a plain host name is that host even when a group has the same name
                found = List.of(inventory.host(t.written()).orElseThrow());
            } else {
                Matched m = enumerate(inventory, t);
                if (!m.any() && !t.expr().equals("all")) {
                    unmatched.add(t.written());
                }
                found = subscript(m.hosts(), t);
            }
            switch (t.op()) {
                case UNION -> found.forEach(h -> chosen.putIfAbsent(h.name(), h));
                case INTERSECT -> {
                    Set<String> keep = names(found);
                    chosen.keySet().retainAll(keep);
                }
                case EXCLUDE -> chosen.keySet().removeAll(names(found));
            }
        }
        List<InventoryHost> hosts = new ArrayList<>(chosen.values());
        hosts.sort(Comparator.comparingInt(h -> inventory.position(h.name())));
        return new Selection(hosts, unmatched);
    }

    private static Set<String> names(List<InventoryHost> hosts) {
        Set<String> out = new LinkedHashSet<>();
        hosts.forEach(h -> out.add(h.name()));
        return out;
    }

    private record Matched(List<InventoryHost> hosts, boolean any) {
    }

    private Matched enumerate(Inventory inventory, Term t) {
        Map<String, InventoryHost> out = new LinkedHashMap<>();
        boolean groupMatched = false;
        if (t.expr().equals("all") || t.expr().equals("*")) {
            inventory.hosts().forEach(h -> out.put(h.name(), h));
            return new Matched(List.copyOf(out.values()), true);
        }
        for (Group g : inventory.groups().values()) {
            if (t.matches(g.name())) {
                groupMatched = true;
                for (String h : hostsOf(inventory, g)) {
                    out.putIfAbsent(h, inventory.host(h).orElseThrow());
                }
            }
        }
        if (!groupMatched || t.wildcard()) {
            for (InventoryHost h : inventory.hosts()) {
                if (t.matches(h.name())) {
                    out.putIfAbsent(h.name(), h);
                }
            }
        }
        if (out.isEmpty() && Inventory.isLocalName(t.expr())) {
            out.put(t.expr(), inventory.host(t.expr()).orElseThrow());
        }
        return new Matched(List.copyOf(out.values()), groupMatched || !out.isEmpty());
    }

    /** A group's hosts and those of its descendants, the group's own first, then level by level. */
    static List<String> hostsOf(Inventory inventory, Group group) {
        Set<String> out = new LinkedHashSet<>();
        List<Group> level = List.of(group);
        Set<String> seen = new LinkedHashSet<>();
        seen.add(group.name());
        List<Group> ordered = new ArrayList<>(level);
        while (!level.isEmpty()) {
            List<Group> next = new ArrayList<>();
            for (Group g : level) {
                for (String c : g.children()) {
                    if (seen.add(c)) {
                        Group child = inventory.groups().get(c);
                        next.add(child);
                        ordered.add(child);
                    }
                }
            }
            level = next;
        }
        ordered.forEach(g -> out.addAll(g.hosts()));
        return List.copyOf(out);
    }

    private static List<InventoryHost> subscript(List<InventoryHost> hosts, Term t) {
        if (t.from() == null) {
            return hosts;
        }
        int n = hosts.size();
        if (t.to() == null) {
            int k = t.from() < 0 ? n + t.from() : t.from();
            return k >= 0 && k < n ? List.of(hosts.get(k)) : List.of();
        }
        int start = Math.min(t.from(), n);
        int end = t.to() == -1 ? n : Math.min(t.to() + 1, n);
        return start < end ? hosts.subList(start, end) : List.of();
    }

    @Override
    public String toString() {
        return text;
    }
}
