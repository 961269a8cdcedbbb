package dev.kvmforge.runner.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what Jinjava returns (its own list and map types, ints) back into plain Java values: maps, lists, String,
 * Long, Double, Boolean, null. An {@link Undefined} anywhere inside is the error it stands for.
 */
final class Plain {

    private Plain() {
    }

    static Object of(Object v) {
        if (v instanceof Undefined u) {
            throw u.error();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), of(val)));
            return out;
        }
        if (v instanceof Map.Entry<?, ?> e) {
            return of(java.util.Arrays.asList(e.getKey(), e.getValue()));
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            c.forEach(o -> out.add(of(o)));
            return out;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof java.math.BigDecimal d) {
            return d.doubleValue();
        }
        if (v instanceof java.math.BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        if (v instanceof com.hubspot.jinjava.objects.SafeString s) {
            return s.toString();
        }
        if (v instanceof Object[] a) {
            return of(java.util.Arrays.asList(a));
        }
        return v;
    }
}
