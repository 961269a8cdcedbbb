package dev.kvmforge.runner.libvirt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings the XML libvirt stores for a domain or network to what a task asks, keeping everything the task does not
 * speak of: the UUID, MAC addresses, PCI addresses, controllers and the other defaults libvirt fills in.
 *
 * <p>The desired XML says what must hold: its attributes and texts win; an element it leaves out is kept as stored,
 * except for the kinds of child element it <em>owns</em>. Under an element, the desired XML owns every kind of child
 * it names, plus the kinds listed for that element's path in {@code owned} (such as the disks under
 * {@code domain/devices}, so a disk left out is removed). Owned children are paired with stored ones of the same
 * kind: first one the desired child already matches, then one with the same key ({@code target dev} for a disk, MAC
 * address for an interface), then the next unpaired one in order; each pair is merged the same way, stored children
 * nobody pairs with are dropped, and new ones go after the last of their kind. Kinds in {@code wholeLists} (the boot
 * order) are taken exactly as desired, in order.
 *
 * <p>So merging the stored XML with what a task asks gives back the stored XML exactly when nothing needs to change;
 * and otherwise the XML to define, whose difference from the stored one is the diff to show.
 *
 * @param owned       for an element path ({@code domain/devices}), the child kinds the desired XML owns even when
 *                    it has none of them
 * @param wholeLists  paths of children ({@code domain/os/boot}) whose list is replaced as a whole
 * @param equivalent  says when a stored attribute value already means the desired one
 */
public record XmlMerge(Map<String, Set<String>> owned, Set<String> wholeLists, Equivalence equivalent) {

    /**
     * Decides when a stored attribute value already means what the desired one says ({@code pc-i440fx-7.2} for
     * {@code pc}).
     */
    @FunctionalInterface
    public interface Equivalence {
        Equivalence EXACT = (path, attribute, stored, desired) -> stored.equals(desired);

        boolean same(String path, String attribute, String stored, String desired);
    }

    public XmlMerge {
        owned = Map.copyOf(owned);
        wholeLists = Set.copyOf(wholeLists);
    }

    /** {@code stored} changed as {@code desired} asks; {@code desired} itself when nothing is stored. */
    public XmlElement merge(XmlElement stored, XmlElement desired) {
        if (stored == null) {
            return desired;
        }
        return merge(stored, desired, desired.name());
    }

    private XmlElement merge(XmlElement s, XmlElement d, String path) {
        Map<String, String> attrs = new LinkedHashMap<>(s.attributes());
        d.attributes().forEach((k, v) -> {
            String now = s.attributes().get(k);
            if (now == null || !equivalent.same(path, k, now, v)) {
                attrs.put(k, v);
            }
        });
        String text = d.children().isEmpty() && !d.text().isEmpty() ? d.text() : s.text();
        Set<String> kinds = new LinkedHashSet<>();
        d.children().forEach(c -> kinds.add(c.name()));
        kinds.addAll(owned.getOrDefault(path, Set.of()));
        if (kinds.isEmpty()) {
            return new XmlElement(s.name(), attrs, text, s.children());
        }
        // what each owned stored child becomes (an empty list: dropped); desired children without a stored partner
        Map<Integer, List<XmlElement>> becomes = new HashMap<>();
        Map<String, List<XmlElement>> added = new LinkedHashMap<>();
        for (String kind : kinds) {
            String childPath = path + "/" + kind;
            List<Integer> stored = new ArrayList<>();
            for (int i = 0; i < s.children().size(); i++) {
                if (s.children().get(i).name().equals(kind)) {
                    stored.add(i);
                    becomes.put(i, List.of());
                }
            }
            List<XmlElement> wanted = d.children(kind);
            if (wholeLists.contains(childPath)) {
                if (stored.isEmpty()) {
                    added.put(kind, wanted);
                } else {
                    becomes.put(stored.get(0), wanted);
                }
                continue;
            }
            Integer[] partner = pair(s.children(), stored, wanted, childPath);
            for (int w = 0; w < wanted.size(); w++) {
                if (partner[w] == null) {
                    added.computeIfAbsent(kind, k -> new ArrayList<>()).add(wanted.get(w));
                } else {
                    becomes.put(partner[w], List.of(merge(s.children().get(partner[w]), wanted.get(w), childPath)));
                }
            }
        }
        List<XmlElement> out = new ArrayList<>();
        for (int i = 0; i < s.children().size(); i++) {
            out.addAll(becomes.getOrDefault(i, List.of(s.children().get(i))));
        }
        added.forEach((kind, list) -> {
            int last = -1;
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).name().equals(kind)) {
                    last = i;
                }
            }
            if (last < 0) {
                out.addAll(list);
            } else {
                out.addAll(last + 1, list);
            }
        });
        return new XmlElement(s.name(), attrs, text, out);
    }

    /** For each wanted child, the index (in {@code all}) of the stored child it pairs with, or null. */
    private Integer[] pair(List<XmlElement> all, List<Integer> stored, List<XmlElement> wanted, String path) {
        Integer[] partner = new Integer[wanted.size()];
        Set<Integer> taken = new LinkedHashSet<>();
        for (int w = 0; w < wanted.size(); w++) {
            String key = key(wanted.get(w));
            for (int i : stored) {
                if (!taken.contains(i) && covers(all.get(i), wanted.get(w), path)
                        && (key.isEmpty() || key.equals(key(all.get(i))))) {
                    partner[w] = i;
                    taken.add(i);
                    break;
                }
            }
        }
        for (int w = 0; w < wanted.size(); w++) {
            String key = key(wanted.get(w));
            if (partner[w] == null && !key.isEmpty()) {
                for (int i : stored) {
                    if (!taken.contains(i) && key.equals(key(all.get(i)))) {
                        partner[w] = i;
                        taken.add(i);
                        break;
                    }
                }
            }
        }
        for (int w = 0; w < wanted.size(); w++) {
            if (partner[w] == null && key(wanted.get(w)).isEmpty()) {
                for (int i : stored) {
                    if (!taken.contains(i)) {
                        partner[w] = i;
                        taken.add(i);
                        break;
                    }
                }
            }
        }
        return partner;
    }

    /** What identifies a device among its kind: a disk's target device, an interface's MAC address. */
    private static String key(XmlElement e) {
        return switch (e.name()) {
            case "disk" -> e.child("target").map(t -> t.attribute("dev")).orElse("");
            case "interface" -> e.child("mac").map(m -> m.attribute("address").toLowerCase()).orElse("");
            default -> "";
        };
    }

    /** Whether {@code stored} already says everything {@code desired} says. */
    private boolean covers(XmlElement stored, XmlElement desired, String path) {
        if (!stored.name().equals(desired.name())) {
            return false;
        }
        for (Map.Entry<String, String> a : desired.attributes().entrySet()) {
            String now = stored.attributes().get(a.getKey());
            if (now == null || !equivalent.same(path, a.getKey(), now, a.getValue())) {
                return false;
            }
        }
        if (desired.children().isEmpty() && !desired.text().isEmpty() && !desired.text().equals(stored.text())) {
            return false;
        }
        Set<XmlElement> used = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        outer:
        for (XmlElement dc : desired.children()) {
            for (XmlElement sc : stored.children()) {
                if (!used.contains(sc) && covers(sc, dc, path + "/" + dc.name())) {
                    used.add(sc);
                    continue outer;
                }
            }
            return false;
        }
        return true;
    }
}
