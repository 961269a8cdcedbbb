package dev.kvmforge.runner.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments a filter or test was given: positional ones, and named ones ({@code recursive=True}). A parameter is
 * looked up by position or by name, as Python binds it.
 *
 * @param positional the arguments without a name, in order
 * @param named      the arguments given as {@code name=value}
 */
record Arguments(List<Object> positional, Map<String, Object> named) {

    static Arguments of(Object[] args, Map<String, Object> kwargs) {
        List<Object> pos = new ArrayList<>();
        Map<String, Object> named = new LinkedHashMap<>(kwargs == null ? Map.of() : kwargs);
        for (Object a : args == null ? new Object[0] : args) {
            if (a instanceof NamedParameter n) {
                named.put(n.getName(), n.getValue());
            } else {
                pos.add(a);
            }
        }
        return new Arguments(pos, named);
    }

    /** Whether the parameter at {@code index} or called {@code name} was given. */
    boolean has(int index, String name) {
        return index >= 0 && index < positional.size() || named.containsKey(name);
    }

    /** The parameter at {@code index} or called {@code name}, else {@code otherwise}. */
    Object get(int index, String name, Object otherwise) {
        if (index >= 0 && index < positional.size()) {
            return positional.get(index);
        }
        return named.containsKey(name) ? named.get(name) : otherwise;
    }

    /** A text parameter; {@code null} stays {@code null}. */
    String text(int index, String name, String otherwise) {
        Object v = get(index, name, otherwise);
        return v == null ? null : PythonText.str(v);
    }

    /** A yes/no parameter, judged as Python judges truth. */
    boolean flag(int index, String name, boolean otherwise) {
        Object v = get(index, name, otherwise);
        return Truth.ofValue(v);
    }

    /** A whole-number parameter. */
    long number(int index, String name, long otherwise) {
        Object v = get(index, name, otherwise);
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            throw new TemplateException("'" + name + "' must be a whole number, not '" + v + "'", null);
        }
    }
}
