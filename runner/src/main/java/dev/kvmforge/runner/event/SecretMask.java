package dev.kvmforge.runner.event;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run's secret values (passwords, passphrases) and the one step that hides them: {@link #around(EventListener)}
 * hands every event on with each occurrence of a secret, in every string the event holds (task and host names,
 * messages, output lines, command lines, registered values, changes, diffs, locations), replaced by {@link #MASK}.
 * Events are walked as records, so a new kind of event is masked without a change here.
 *
 * <p>Secrets shorter than {@value #SHORTEST_IN_TEXT} characters are masked only where a whole string (or a whole
 * number in a result) equals them: masking every {@code "a"} inside other text would garble the output and, by where
 * the masks fall, show the secret all the same. An empty secret hides nothing and is ignored.
 *
 * <p>With no secrets, {@link #around(EventListener)} returns the listener itself: nothing is walked or copied. With
 * some, an event is copied only where a secret occurs.
 */
public final class SecretMask {

    /** What a secret value shows as. */
    public static final String MASK = "********";
    /** The shortest secret masked where it occurs inside other text; shorter ones only as whole strings. */
    public static final int SHORTEST_IN_TEXT = 3;

    private static final SecretMask NONE = new SecretMask(List.of(), Set.of());
    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return RecordShape.of(type);
        }
    };

    /** Masked wherever they occur, longest first (so a secret that contains another is masked whole). */
    private final List<String> inText;
    /** Masked only as whole strings. */
    private final Set<String> whole;

    private SecretMask(List<String> inText, Set<String> whole) {
        this.inText = inText;
        this.whole = whole;
    }

    /** The mask for these secret values; nulls and empty strings are ignored. */
    public static SecretMask of(Collection<String> secrets) {
        Set<String> longer = new HashSet<>();
        Set<String> whole = new HashSet<>();
        for (String s : secrets) {
            if (s == null || s.isEmpty()) {
                continue;
            }
            (s.length() >= SHORTEST_IN_TEXT ? longer : whole).add(s);
        }
        if (longer.isEmpty() && whole.isEmpty()) {
            return NONE;
        }
        List<String> ordered = new ArrayList<>(longer);
        ordered.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        return new SecretMask(List.copyOf(ordered), Set.copyOf(whole));
    }

    public boolean isEmpty() {
        return inText.isEmpty() && whole.isEmpty();
    }

    /** A listener that hands {@code listener} every event masked; {@code listener} itself when there are no secrets. */
    public EventListener around(EventListener listener) {
        if (isEmpty()) {
            return listener;
        }
        return new EventListener() {
            @Override
            public void on(Event event) {
                listener.on(event(event));
            }

            @Override
            public void close() {
                listener.close();
            }
        };
    }

    /** The event with every secret masked; the same event when it holds none. */
    public Event event(Event event) {
        return (Event) value(event);
    }

    /** The text with every secret masked; the same string when it holds none. */
    public String text(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        if (whole.contains(s)) {
            return MASK;
        }
        String out = s;
        for (String secret : inText) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    private Object value(Object v) {
        if (v instanceof String s) {
            return text(s);
        }
        if (v instanceof Map<?, ?> map) {
            return map(map);
        }
        if (v instanceof Collection<?> c) {
            return collection(c);
        }
        if (v instanceof Number n) {
            String digits = n.toString();
            return whole.contains(digits) || inText.contains(digits) ? MASK : v;
        }
        if (v instanceof Record r) {
            return record(r);
        }
        return v;
    }

    private Object map(Map<?, ?> map) {
        Map<Object, Object> out = null;
        int seen = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object k = value(e.getKey());
            Object v = value(e.getValue());
            if (out == null && (k != e.getKey() || v != e.getValue())) {
                out = new LinkedHashMap<>();
                int i = 0;
                for (Map.Entry<?, ?> before : map.entrySet()) {
                    if (i++ == seen) {
                        break;
                    }
                    out.put(before.getKey(), before.getValue());
                }
            }
            if (out != null) {
                out.put(k, v);
            }
            seen++;
        }
        return out == null ? map : Collections.unmodifiableMap(out);
    }

    private Object collection(Collection<?> c) {
        List<Object> out = new ArrayList<>(c.size());
        boolean changed = false;
        for (Object x : c) {
            Object m = value(x);
            changed |= m != x;
            out.add(m);
        }
        if (!changed) {
            return c;
        }
        return c instanceof Set<?> ? Collections.unmodifiableSet(new LinkedHashSet<>(out))
                : Collections.unmodifiableList(out);
    }

    private Object record(Record r) {
        RecordShape shape = SHAPES.get(r.getClass());
        if (shape == null) {
            return r;
        }
        Object[] args = new Object[shape.accessors().length];
        boolean changed = false;
        try {
            for (int i = 0; i < args.length; i++) {
                Object old = shape.accessors()[i].invoke(r);
                Object m = value(old);
                if (m != old && !shape.types()[i].isInstance(m)) {
                    m = old; // a number field stays a number; only texts inside results turn into the mask
                }
                changed |= m != old;
                args[i] = m;
            }
            return changed ? shape.canonical().newInstance(args) : r;
        } catch (IllegalAccessException | InstantiationException | InvocationTargetException e) {
            throw new IllegalStateException("cannot mask secrets in " + r.getClass().getName(), e);
        }
    }

    /** How to take a record apart and build it again; null for a record that cannot be reached. */
    private record RecordShape(Method[] accessors, Class<?>[] types, Constructor<?> canonical) {

        static RecordShape of(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            if (components == null) {
                return null;
            }
            Method[] accessors = new Method[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                types[i] = components[i].getType();
            }
            try {
                Constructor<?> canonical = type.getDeclaredConstructor(types);
                for (Method m : accessors) {
                    m.setAccessible(true);
                }
                canonical.setAccessible(true);
                return new RecordShape(accessors, types, canonical);
            } catch (NoSuchMethodException | RuntimeException e) {
                return null;
            }
        }
    }
}
