package dev.kvmforge.runner.execute;

import dev.kvmforge.runner.error.ErrorKind;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.playbook.Task;
import dev.kvmforge.runner.template.Lookups;
import dev.kvmforge.runner.template.Templar;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code loop}, {@code with_items} and {@code loop_control}: the items a task runs for, the variables each item
 * brings ({@code item} or its {@code loop_var}, {@code index_var}, {@code ansible_loop}) and the label its result line
 * shows. The executor runs the stages once per item and gathers the items' results under {@code results}.
 */
final class LoopItems {

    private LoopItems() {
    }

    /**
     * The variables of item {@code i}, which its result keeps too: the loop variable and {@code ansible_loop_var},
     * the index variable and {@code ansible_index_var}, and with {@code extended} Ansible's {@code ansible_loop}.
     */
    static Map<String, Object> vars(Task.LoopControl control, List<Object> items, int i) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(control.loopVar(), items.get(i));
        v.put("ansible_loop_var", control.loopVar());
        if (control.indexVar() != null) {
            v.put(control.indexVar(), i);
            v.put("ansible_index_var", control.indexVar());
        }
        if (control.extended()) {
            Map<String, Object> loop = new LinkedHashMap<>();
            if (control.extendedAllitems()) {
                loop.put("allitems", items);
            }
            loop.put("first", i == 0);
            loop.put("index", i + 1);
            loop.put("index0", i);
            loop.put("last", i == items.size() - 1);
            loop.put("length", items.size());
            if (i + 1 < items.size()) {
                loop.put("nextitem", items.get(i + 1));
            }
            if (i > 0) {
                loop.put("previtem", items.get(i - 1));
            }
            loop.put("revindex", items.size() - i);
            loop.put("revindex0", items.size() - i - 1);
            v.put("ansible_loop", loop);
        }
        return v;
    }

    /** The items: the rendered {@code loop}, or {@code with_items} flattened one level as Ansible does. */
    @SuppressWarnings("unchecked")
    static List<Object> items(Templar templar, Task task, Map<String, Object> vars) {
        return items(templar, task.loop(), vars);
    }

    /** The items of {@code loop} (a task's or an include's). */
    @SuppressWarnings("unchecked")
    static List<Object> items(Templar templar, Object loop, Map<String, Object> vars) {
        if (loop instanceof Map<?, ?> m && m.containsKey("with_lookup")) {
            Object terms = templar.render(m.get("terms"), vars);
            List<Object> list = terms instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>(List.of(terms));
            Map<String, Object> kwargs = new LinkedHashMap<>();
            if (m.get("with_lookup").equals("first_found") && terms instanceof Map<?, ?> spec) {
                list = new ArrayList<>(List.of(spec)); // with_first_found: {files: [...], paths: [...]}
            }
            return Lookups.run(String.valueOf(m.get("with_lookup")), list, kwargs, templar.lookupScope(vars));
        }
        boolean withItems = false;
        if (loop instanceof Map<?, ?> m && m.containsKey("with_items") && m.size() == 1) {
            loop = m.get("with_items");
            withItems = true;
        }
        Object rendered = templar.render(loop, vars);
        if (rendered instanceof String s && !s.isBlank() && withItems) {
            rendered = List.of(s);
        }
        if (!(rendered instanceof Collection<?> c)) {
            throw new KvmforgeException(ErrorKind.TASK,
                    "loop must give a list, but it gave " + describe(rendered), null,
                    "write a YAML list, or a template that gives one, such as \"{{ names }}\"");
        }
        List<Object> items = new ArrayList<>();
        for (Object o : c) {
            if (withItems && o instanceof Collection<?> inner) {
                items.addAll(inner);
            } else {
                items.add(o);
            }
        }
        return items;
    }

    /** The item as its result line names it: {@code loop_control.label}, else the item itself. */
    static String label(Templar templar, Task task, Object item, Map<String, Object> vars) {
        if (task.loopControl().label() != null) {
            try {
                return String.valueOf(templar.render(task.loopControl().label(), vars));
            } catch (KvmforgeException e) {
                return task.loopControl().label();
            }
        }
        return item instanceof String s ? s : Jsonish.of(item);
    }

    private static String describe(Object o) {
        if (o == null) {
            return "nothing";
        }
        if (o instanceof String s) {
            return "the string '" + s + "'";
        }
        return "a " + o.getClass().getSimpleName();
    }
}
